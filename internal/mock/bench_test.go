package mock_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/agentmc/agentmc-gen/internal/mock"
	"github.com/agentmc/agentmc-gen/internal/testenv"
)

// BenchmarkNew measures the mock's start on the newest release: the
// validator built and every documented example checked.
func BenchmarkNew(b *testing.B) {
	api := load(b, testenv.NewestRelease(b))
	for b.Loop() {
		if _, err := mock.New(api, mock.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRequest measures one validated request answered with its
// example, and one answered with a dynamic body.
func BenchmarkRequest(b *testing.B) {
	api := load(b, testenv.NewestRelease(b))
	h, err := mock.New(api, mock.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, prefer := range []string{"", "dynamic=true, seed=3"} {
		name := "example"
		if prefer != "" {
			name = "dynamic"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				r := httptest.NewRequest("GET", "/api/v1/tasks/121", nil)
				r.Header.Set("X-Api-Key", "k")
				if prefer != "" {
					r.Header.Set("Prefer", prefer)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
