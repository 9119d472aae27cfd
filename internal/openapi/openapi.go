// Package openapi holds the OpenAPI vocabulary the stages share: which path
// item members are operations and which response keys are successes or
// errors. It imports nothing of the project, so that normalize and model
// agree on these without model importing normalize.
package openapi

// Methods are the path item members that are operations, in the order the
// published generator knew them.
var Methods = []string{"get", "post", "put", "patch", "delete"}

// IsMethod reports whether a path item key names an operation.
func IsMethod(key string) bool {
	for _, m := range Methods {
		if m == key {
			return true
		}
	}
	return false
}

// IsSuccessStatus reports whether a response key is a success status:
// 2xx or 3xx written as three digits.
func IsSuccessStatus(s string) bool {
	return len(s) == 3 && (s[0] == '2' || s[0] == '3') && isDigit(s[1]) && isDigit(s[2])
}

// IsErrorStatus reports whether a response key is an error status: 4xx or
// 5xx written as three digits, or "default".
func IsErrorStatus(s string) bool {
	return s == "default" || (len(s) == 3 && (s[0] == '4' || s[0] == '5') && isDigit(s[1]) && isDigit(s[2]))
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
