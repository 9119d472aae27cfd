package ecma

import (
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collator is ICU's root collation, the order of localeCompare without a
// locale. A Collator keeps buffers, so it is shared under a lock.
var collator = struct {
	sync.Mutex
	c *collate.Collator
}{c: collate.New(language.Und)}

// LocaleCompare compares a and b as JavaScript's a.localeCompare(b) does
// under ICU's root collation: negative when a sorts first, zero when they
// are equal, positive otherwise.
func LocaleCompare(a, b string) int {
	collator.Lock()
	defer collator.Unlock()
	return collator.c.CompareString(a, b)
}
