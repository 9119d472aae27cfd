package serve

import (
	"net"
	"net/http"
	"strings"
)

// LocalOnly answers only requests whose Host header names the server as
// bound at addr: its IP address (any IP address when it is bound to all
// interfaces) or localhost, with its port. A page of another site that
// makes its own host name resolve to this machine (DNS rebinding) sends
// that name as Host and gets 403, as with the Vite and webpack dev servers.
func LocalOnly(addr net.Addr, h http.Handler) http.Handler {
	bound, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		bound, port = addr.String(), ""
	}
	boundIP := net.ParseIP(bound)
	allowed := func(host string) bool {
		name, p, err := net.SplitHostPort(host)
		if err != nil { // no port: the default port of http
			name, p = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), "80"
		}
		if p != port {
			return false
		}
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		if name == "localhost" {
			return true
		}
		ip := net.ParseIP(name)
		if ip == nil {
			return false
		}
		return ip.Equal(boundIP) || boundIP == nil || boundIP.IsUnspecified()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed(r.Host) {
			http.Error(w, "forbidden: unknown Host "+sanitize(r.Host)+"; open the address agentmc-gen serve printed", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// sanitize keeps a Host header printable in the error text.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
