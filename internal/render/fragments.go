package render

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"text/template/parse"
)

// Fragments: partials rendered once for each value they show and spliced
// into every page that shows it.
//
// A few partials appear on many pages with the same dot: an event's line on
// each of its tags' and people's pages, its date ("when") and status there,
// in its cards and twice on its own page, its summary and sources in its
// cards, an article's entry in the lists of the events it covers and of its
// tags, links to tags, people and timelines, the site's header and footer
// on every page. Executing them again
// each time is a large part of a big site's rendering. So in every page template each of these partials is replaced
// by a stub that has the partial rendered on its own, once per distinct dot,
// and leaves a marker in the page; Render then replaces every marker by the
// partial's bytes. (Once a budget of memory is spent, stubs execute their
// partial in place instead.)
//
// This is composition of bytes that html/template escaped, not a way around
// it: the partial runs as a template of its own, which html/template
// escapes as HTML text, exactly as it escapes the partial when a page calls
// it from HTML text. A stub called anywhere else (inside an attribute,
// script or style) is refused before its page is written, as is any use of
// the stubs' functions outside the stubs. Markers carry a nonce drawn at
// random for each Renderer, so no text of the site can forge one.

// reusedPartials are the partials rendered once per dot. Their output must
// depend on their dot alone, which holds for any partial, since template
// functions do not depend on the page. Whole event cards are not among
// them: shown about once and a half each, in two ways of nesting, keeping
// them cost more memory than executing them saves; the part of a card
// that is the same either way (summary and sources) is.
var reusedPartials = []string{"site-header", "site-footer", "event-line", "event-card-text", "when", "status", "article-item",
	"tag-link", "person-link", "timeline-link"}

// fragmentFunc is the template function the stubs call; templates may not.
const fragmentFunc = "datelineFragment"

// ownPartial names the partial's own definition once a stub has its name.
func ownPartial(name string) string { return "dateline-own:" + name }

// Markers are "\uE000" + nonce + fragment number + "\uE001": characters
// html/template's HTML text escaper leaves alone, from Unicode's private
// use area so that they mean nothing in any text.
const (
	markerOpen  = "\uE000"
	markerClose = "\uE001"
)

// fragments are one Renderer's rendered partials, kept for reuse from their
// first use until they fill a budget of bytes (see fragmentBudget). Past
// it, stubs execute their partial in place, as if there were no stub: a
// site too big for the budget has its first partials reused and the rest
// rendered as usual.
type fragments struct {
	prefix []byte // markerOpen + nonce

	mu     sync.RWMutex
	ids    map[fragmentKey]string // kept partials' markers
	kept   map[int][]byte
	once   map[int][]byte // rendered for one use (over the budget), until spliced
	next   int
	budget int // bytes more that may be kept
}

// fragmentBudget is the bytes of partials one Renderer may keep for reuse:
// about what a site's events and articles need (some 1.6 KiB an event),
// so that nearly every shared partial is rendered once, at a cost in
// memory that grows with the site like the rest of it does.
func fragmentBudget(events int) int {
	const perEvent, least = 2 << 10, 32 << 20
	return max(least, perEvent*events)
}

// A fragmentKey is a partial shown with one dot: the partial all pages
// share (page "") or, when a page template redefines it or what it calls,
// that page template's own.
type fragmentKey struct {
	page, partial string
	dot           any
}

func newFragments(budget int) *fragments {
	nonce := make([]byte, 12)
	rand.Read(nonce)
	return &fragments{
		prefix: []byte(markerOpen + hex.EncodeToString(nonce)),
		ids:    map[fragmentKey]string{}, kept: map[int][]byte{}, once: map[int][]byte{},
		budget: budget,
	}
}

// installStubs replaces, in the namespace of page template t, each reused
// partial it defines by a stub. page names the page template whose
// partials the stubs show, or is "" for the partials all pages share.
func installStubs(t *template.Template, page string) error {
	for _, name := range reusedPartials {
		own := t.Lookup(name)
		if own == nil || own.Tree == nil {
			continue
		}
		if _, err := t.AddParseTree(ownPartial(name), own.Tree.Copy()); err != nil {
			return err
		}
		// The function gives a marker, or "" when the partial is to be
		// executed in place; the else branch keeps the stub's dot.
		stub := fmt.Sprintf("{{with %s %q %q .}}{{.}}{{else}}{{template %q .}}{{end}}",
			fragmentFunc, page, name, ownPartial(name))
		if _, err := t.New(name).Parse(stub); err != nil {
			return err
		}
	}
	return checkFragmentFuncUse(t)
}

// checkFragmentFuncUse refuses templates that call the stubs' function
// themselves: it would put a partial's HTML wherever they call it.
func checkFragmentFuncUse(t *template.Template) error {
	stubs := map[string]bool{}
	for _, name := range reusedPartials {
		stubs[name] = true
	}
	for _, x := range t.Templates() {
		if x.Tree == nil || stubs[x.Name()] && x.Tree.ParseName == x.Name() {
			continue
		}
		var at parse.Node
		visit(x.Tree.Root, func(n parse.Node) {
			if id, ok := n.(*parse.IdentifierNode); ok && id.Ident == fragmentFunc && at == nil {
				at = id
			}
		})
		if at != nil {
			where, _ := x.Tree.ErrorContext(at)
			return fmt.Errorf("template: %s: the function %s is reserved for Dateline's own use: remove it", where, at.(*parse.IdentifierNode).Ident)
		}
	}
	return nil
}

// sharedPartialsIn lists the templates the reused partials of namespace t
// call, directly or not, themselves included: a page file that redefines
// none of them shows the same partials as every other such page, and
// shares their fragments.
func sharedPartialsIn(t *template.Template) map[string]bool {
	return reach(reusedPartials, calls(t))
}

// calls maps each template of namespace t to the templates it calls, by
// their names before html/template renames a call for its context.
func calls(t *template.Template) map[string][]string {
	out := map[string][]string{}
	for _, x := range t.Templates() {
		if x.Tree == nil {
			continue
		}
		visit(x.Tree.Root, func(n parse.Node) {
			if call, ok := n.(*parse.TemplateNode); ok {
				name, _, _ := strings.Cut(call.Name, "$htmltemplate_")
				out[x.Name()] = append(out[x.Name()], name)
			}
		})
	}
	return out
}

// reach is the set of names from and all that edges lead to from them.
func reach(from []string, edges map[string][]string) map[string]bool {
	out := map[string]bool{}
	var mark func(name string)
	mark = func(name string) {
		if out[name] {
			return
		}
		out[name] = true
		for _, next := range edges[name] {
			mark(next)
		}
	}
	for _, name := range from {
		mark(name)
	}
	return out
}

// treesOf maps each of names that namespace t defines to its parse tree,
// so that comparing before and after parsing a page file shows whether the
// file redefined any of them.
func treesOf(t *template.Template, names map[string]bool) map[string]*parse.Tree {
	out := make(map[string]*parse.Tree, len(names))
	for name := range names {
		if x := t.Lookup(name); x != nil {
			out[name] = x.Tree
		}
	}
	return out
}

// visit calls f on n and every node below it.
func visit(n parse.Node, f func(parse.Node)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			visit(c, f)
		}
	case *parse.ActionNode:
		visit(n.Pipe, f)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			visit(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			visit(a, f)
		}
	case *parse.ChainNode:
		visit(n.Node, f)
	case *parse.IfNode:
		visitBranch(&n.BranchNode, f)
	case *parse.RangeNode:
		visitBranch(&n.BranchNode, f)
	case *parse.WithNode:
		visitBranch(&n.BranchNode, f)
	case *parse.TemplateNode:
		visit(n.Pipe, f)
	}
}

func visitBranch(b *parse.BranchNode, f func(parse.Node)) {
	visit(b.Pipe, f)
	visit(b.List, f)
	visit(b.ElseList, f)
}

// fragmentError carries a partial's own execution error out through the
// stub, so that messages point at the partial rather than at the stub.
type fragmentError struct{ err error }

func (e *fragmentError) Error() string { return e.err.Error() }
func (e *fragmentError) Unwrap() error { return e.err }

// fragment is the stubs' function: the marker of partial of page template
// page shown with dot, rendering it unless it was kept from an earlier use,
// or "" when it is not kept and may not be (no budget left, or a dot that
// cannot be a key), for the stub to execute it in place.
func (r *Renderer) fragment(page, partial string, dot any) (string, error) {
	if !isComparable(dot) {
		return "", nil
	}
	f := r.frags
	key := fragmentKey{page, partial, dot}
	f.mu.RLock()
	marker, kept := f.ids[key]
	full := f.budget <= 0
	f.mu.RUnlock()
	switch {
	case kept:
		return marker, nil
	case full:
		return "", nil
	}
	t := r.pages[page]
	if page == "" {
		t = r.shared
	}
	if t == nil {
		return "", fmt.Errorf("no template %s", page)
	}
	buf := getBuffer()
	defer putBuffer(buf)
	if err := t.ExecuteTemplate(buf, ownPartial(partial), dot); err != nil {
		return "", &fragmentError{err}
	}
	out := bytes.NewBuffer(make([]byte, 0, buf.Len()))
	if err := f.splice(out, buf.Bytes()); err != nil {
		return "", err
	}
	return f.add(key, out.Bytes()), nil
}

// add files a rendered partial and returns its marker: kept for reuse if
// it fits the budget, else for this use only.
func (f *fragments) add(key fragmentKey, b []byte) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if marker, ok := f.ids[key]; ok {
		return marker // rendered meanwhile for another page
	}
	id := f.next
	f.next++
	marker := f.marker(id)
	if len(b) <= f.budget {
		f.ids[key], f.kept[id] = marker, b
		f.budget -= len(b)
	} else {
		f.once[id] = b
	}
	return marker
}

// isComparable reports whether dot can be a map key without a panic.
func isComparable(dot any) bool { return dot == nil || reflect.ValueOf(dot).Comparable() }

func (f *fragments) marker(id int) string {
	return string(f.prefix) + strconv.Itoa(id) + markerClose
}

// splice writes page to w with every marker replaced by its fragment.
func (f *fragments) splice(w *bytes.Buffer, page []byte) error {
	for {
		i := bytes.Index(page, f.prefix)
		if i < 0 {
			w.Write(page)
			return nil
		}
		w.Write(page[:i])
		page = page[i+len(f.prefix):]
		end := bytes.Index(page, []byte(markerClose))
		if end < 0 {
			return errors.New("unterminated fragment marker")
		}
		id, err := strconv.Atoi(string(page[:end]))
		if err != nil {
			return fmt.Errorf("bad fragment marker %q", page[:end])
		}
		b, ok := f.take(id)
		if !ok {
			return fmt.Errorf("no fragment %d", id)
		}
		w.Write(b)
		page = page[end+len(markerClose):]
	}
}

// take is fragment id's bytes, forgetting them if they were for one use.
func (f *fragments) take(id int) ([]byte, bool) {
	f.mu.RLock()
	b, kept := f.kept[id]
	f.mu.RUnlock()
	if kept {
		return b, true
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.once[id]
	delete(f.once, id)
	return b, ok
}

// escapeAll has html/template escape page template t and, if own, the
// partials its stubs render on their own, which it otherwise does at their
// first execution, so that no escaping (which edits the templates) runs
// while pages of t render in parallel, and so that checkStubContexts sees
// every call as escaped. Executing with no data escapes first and then fails at
// the first field, so only escaping errors count. (The stubs of a page that
// shares its partials have them rendered in the shared namespace.)
func escapeAll(t *template.Template, own bool) error {
	var escErr *template.Error
	if t.Tree != nil {
		if err := t.Execute(io.Discard, nil); errors.As(err, &escErr) {
			return err
		}
	}
	for _, name := range reusedPartials {
		if !own || t.Lookup(ownPartial(name)) == nil {
			continue
		}
		if err := t.ExecuteTemplate(io.Discard, ownPartial(name), nil); errors.As(err, &escErr) {
			return err
		}
	}
	return nil
}

// checkStubContexts refuses page template t, once escaped, if it calls a
// reused partial, or a template that leads to one, anywhere but in HTML
// text: inside an attribute, script or style the partial's HTML does not
// belong, and html/template would have escaped it differently there. When
// html/template escapes a call made in such a place, it renames the call to
// "name$htmltemplate_" and the context.
func checkStubContexts(t *template.Template) error {
	leads := leadsToReusedPartial(t)
	var bad *parse.TemplateNode
	var in *template.Template
	for _, x := range t.Templates() {
		if x.Tree == nil {
			continue
		}
		visit(x.Tree.Root, func(n parse.Node) {
			call, ok := n.(*parse.TemplateNode)
			if !ok || bad != nil {
				return
			}
			if name, _, mangled := strings.Cut(call.Name, "$htmltemplate_"); mangled && leads[name] {
				bad, in = call, x
			}
		})
	}
	if bad == nil {
		return nil
	}
	name, _, _ := strings.Cut(bad.Name, "$htmltemplate_")
	where, _ := in.Tree.ErrorContext(bad)
	return fmt.Errorf("template: %s: {{template %q}} is used outside HTML text, in an attribute, script or style: Dateline renders this partial once as HTML and reuses it, so call it between tags, or write out there what you need from it", where, name)
}

// leadsToReusedPartial is the set of templates of t's namespace that are,
// or call (directly or not), a reused partial.
func leadsToReusedPartial(t *template.Template) map[string]bool {
	callers := map[string][]string{}
	for caller, callees := range calls(t) {
		for _, callee := range callees {
			callers[callee] = append(callers[callee], caller)
		}
	}
	var partials []string
	for _, name := range reusedPartials {
		partials = append(partials, name, ownPartial(name))
	}
	return reach(partials, callers)
}
