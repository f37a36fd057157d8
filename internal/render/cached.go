package render

import (
	"errors"
	"fmt"
	"html/template"
	"reflect"
)

// Partials that many pages show with the same dot (the site's header and
// footer, an event's line, date and status, an article's entry, links) are
// called with {{cached "name" dot}} instead of {{template "name" dot}}: the
// first call executes the partial, as layout and partials define it, and
// every later call with an equal dot in the same build returns its bytes.
//
// The bytes are html/template's own output for the partial executed as a
// template of its own, which html/template escapes as HTML text, exactly as
// it escapes the partial when a page calls it from HTML text; so a cached
// partial must be called from HTML text (not inside an attribute, a script
// or a style), and its output may depend on nothing but its dot, which
// holds for every template, as no template function depends on the page.
// A page template's own redefinition of a partial is seen by template, not
// by cached.

// cacheKey is one partial with one dot; dots must be comparable (pointers,
// strings, small structs of them).
type cacheKey struct {
	name string
	dot  any
}

// cached is the template function cached.
func (r *Renderer) cached(name string, dot any) (template.HTML, error) {
	if dot != nil && !reflect.TypeOf(dot).Comparable() {
		return "", &cachedError{fmt.Errorf("cached %q: its dot, of type %T, cannot be a key; pass a pointer, a string or a struct of them, or call the partial with template", name, dot)}
	}
	key := cacheKey{name, dot}
	if html, ok := r.partials.Load(key); ok {
		return html.(template.HTML), nil
	}
	t := r.shared.Lookup(name)
	if t == nil {
		return "", &cachedError{fmt.Errorf("cached: no partial %q in %s or %s", name, layoutTemplate, partialsTemplate)}
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.Execute(buf, dot); err != nil {
		return "", &cachedError{err}
	}
	html := template.HTML(buf.String())
	r.partials.Store(key, html)
	return html, nil
}

// cachedError carries a partial's own error through the page that called
// it, so that it is reported at the partial's line, not at the call.
type cachedError struct{ err error }

func (e *cachedError) Error() string { return e.err.Error() }

func unwrapCached(err error) error {
	if inner := (*cachedError)(nil); errors.As(err, &inner) {
		return inner.err
	}
	return err
}
