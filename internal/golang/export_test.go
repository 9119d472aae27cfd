package golang

// ContractFile is contractFile, for the external tests.
var ContractFile = contractFile
