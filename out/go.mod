module github.com/agentmc/agentmc-gen/out

go 1.24
