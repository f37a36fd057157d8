package render

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// A page's fingerprint is a hash of everything its rendering reads: the
// template files, the base path, the static files' addresses, the script,
// and the whole value its template receives as dot, followed through every
// pointer, slice and map. Template functions read nothing else but the
// Markdown of the texts in that value, made with settings that are in it
// too. So two pages with one fingerprint render to the same bytes, and a
// caller that kept a page's bytes may use them again exactly when its
// fingerprint is unchanged, whatever the templates show.
//
// Fingerprints hold within one process: the hash is seeded at start.

var seed = maphash.MakeSeed()

// Fingerprint is the fingerprint of page p.
func (r *Renderer) Fingerprint(p Page) uint64 { return r.Fingerprints([]Page{p})[0] }

// Fingerprints is the fingerprint of each of pages, hashed on all cores.
// Pages that share a value share the work of hashing it, as do the
// Renderers made one after another with one Memo: a value reached through
// a pointer is never changed once built (events and articles outlive a
// build in live preview's parse cache), so its hash is kept while builds
// reach it.
func (r *Renderer) Fingerprints(pages []Page) []uint64 {
	r.printOnce.Do(func() { r.prints = newFingerprints(r, r.memo) })
	f := r.prints
	f.mu.Lock() // one call at a time keeps the memo's writes in one place
	defer f.mu.Unlock()
	sums := make([]uint64, len(pages))
	workers := min(runtime.GOMAXPROCS(0), (len(pages)+255)/256)
	hashers := make([]*hasher, max(workers, 1))
	var wg sync.WaitGroup
	for w := range hashers {
		hashers[w] = f.hasher()
		lo, hi := w*len(pages)/len(hashers), (w+1)*len(pages)/len(hashers)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				sums[i] = hashers[w].of(r.context(pages[i]))
			}
		})
	}
	wg.Wait()
	for _, h := range hashers {
		for k, sum := range h.fresh {
			f.memo.put(k, sum)
		}
	}
	return sums
}

// templateFingerprint hashes the template files, by name.
func templateFingerprint(files map[string]TemplateFile) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		writeString(&h, name)
		writeString(&h, files[name].Path)
		writeString(&h, files[name].Text)
	}
	return h.Sum64()
}

// fingerprints hashes page contexts for one Renderer.
type fingerprints struct {
	mu     sync.Mutex
	global uint64    // what every page reads besides its dot
	memo   *hashMemo // hashes of pointers from earlier calls and builds
}

// A hasher hashes the pages of one worker. It reads the memo, which no
// one writes while hashers run, and keeps what it hashes anew apart.
type hasher struct {
	*fingerprints
	fresh  map[ref]uint64 // hashes of pointers not in the memo
	stack  []ref          // pointers being hashed, outermost first
	onPath map[ref]int    // their places on the stack
	types  []typeSums     // the memo's hashes of each type met, see hashMemo
}

// typeSums is the memo's hashes of the values of one type.
type typeSums struct {
	typ  reflect.Type
	sums map[unsafe.Pointer]*hashEntry
}

// memoOf is f.memo.of(typ), found in the hasher's list of types met; an
// interface comparison is a comparison of two words.
func (f *hasher) memoOf(typ reflect.Type) map[unsafe.Pointer]*hashEntry {
	for _, t := range f.types {
		if t.typ == typ {
			return t.sums
		}
	}
	sums := f.memo.of(typ)
	f.types = append(f.types, typeSums{typ, sums})
	return sums
}

func (f *fingerprints) hasher() *hasher {
	return &hasher{fingerprints: f, fresh: map[ref]uint64{}, onPath: map[ref]int{}}
}

// ref is one pointer, with its type (a struct and its first field share
// an address). It holds the pointer, so that what it points at cannot be
// freed and its address reused while its hash is kept (as the memo's
// maps by address do).
type ref struct {
	ptr unsafe.Pointer
	typ reflect.Type
}

// hashMemo keeps the hash of each value reached through a pointer for the
// builds that reach it: an entry not used by one build is dropped when
// the next begins.
//
// The hashes are kept by type, then by address: a page's fingerprint
// looks up every pointer it reaches, and a map keyed by the address
// alone takes the runtime's fast path, where one keyed by a ref hashes
// and compares its interface too (half the time of fingerprinting the
// pages of a 10,000-event site went to those lookups). A site's data has
// a dozen types, which each hasher finds again in a short list.
type hashMemo struct {
	sums  map[reflect.Type]map[unsafe.Pointer]*hashEntry
	round uint64
}

type hashEntry struct {
	sum   uint64
	round atomic.Uint64 // the last round that used it
}

func newHashMemo() *hashMemo {
	return &hashMemo{sums: map[reflect.Type]map[unsafe.Pointer]*hashEntry{}, round: 1}
}

// nextRound drops the hashes the last round did not use.
func (m *hashMemo) nextRound() {
	for typ, sums := range m.sums {
		for k, e := range sums {
			if e.round.Load() != m.round {
				delete(sums, k)
			}
		}
		if len(sums) == 0 {
			delete(m.sums, typ)
		}
	}
	m.round++
}

// of is the hashes of values of type typ (nil for none), for get.
func (m *hashMemo) of(typ reflect.Type) map[unsafe.Pointer]*hashEntry { return m.sums[typ] }

// get is safe for concurrent use, as long as no one puts; sums is
// m.of(the pointer's type).
func (m *hashMemo) get(sums map[unsafe.Pointer]*hashEntry, ptr unsafe.Pointer) (uint64, bool) {
	e, ok := sums[ptr]
	if !ok {
		return 0, false
	}
	if e.round.Load() != m.round {
		e.round.Store(m.round)
	}
	return e.sum, true
}

func (m *hashMemo) put(k ref, sum uint64) {
	e := &hashEntry{sum: sum}
	e.round.Store(m.round)
	sums := m.sums[k.typ]
	if sums == nil {
		sums = map[unsafe.Pointer]*hashEntry{}
		m.sums[k.typ] = sums
	}
	sums[k.ptr] = e
}

func newFingerprints(r *Renderer, memo *Memo) *fingerprints {
	var h maphash.Hash
	h.SetSeed(seed)
	writeUint(&h, r.templates)
	writeString(&h, r.script)
	r.writeAddresses(&h)
	hashes := newHashMemo()
	if memo != nil {
		hashes = memo.hashes
	}
	return &fingerprints{global: h.Sum64(), memo: hashes}
}

func (f *hasher) of(ctx pageContext) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	writeUint(&h, f.global)
	f.value(&h, reflect.ValueOf(ctx))
	return h.Sum64()
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[*time.Location]()
)

// value writes v to h.
func (f *hasher) value(h *maphash.Hash, v reflect.Value) int {
	low := len(f.stack) // the outermost pointer on the stack v reaches back to
	// A time's location is a pointer to tables with a cache that changes
	// as times are formatted: it stands for its name. (Values in
	// unexported fields, which no template reads but methods may, are
	// hashed too, field by field.)
	switch {
	case v.Type() == timeType && v.CanInterface():
		t := v.Interface().(time.Time)
		writeUint(h, uint64(t.UnixNano()))
		name, offset := t.Zone()
		writeString(h, t.Location().String()+" "+name)
		writeUint(h, uint64(offset))
		return low
	case v.Type() == locationType:
		switch {
		case v.IsNil():
			writeString(h, "")
		case v.CanInterface():
			writeString(h, v.Interface().(*time.Location).String())
		default:
			writeString(h, v.Elem().FieldByName("name").String())
		}
		return low
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			h.WriteByte(1)
		} else {
			h.WriteByte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		writeUint(h, uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		writeUint(h, v.Uint())
	case reflect.Float32, reflect.Float64:
		writeString(h, fmt.Sprint(v.Float()))
	case reflect.String:
		writeString(h, v.String())
	case reflect.Struct:
		for _, i := range fieldsOf(v.Type()) {
			low = min(low, f.value(h, v.Field(i)))
		}
	case reflect.Slice, reflect.Array:
		writeUint(h, uint64(v.Len()))
		for i := range v.Len() {
			low = min(low, f.value(h, v.Index(i)))
		}
	case reflect.Map:
		low = f.mapValue(h, v)
	case reflect.Interface:
		if v.IsNil() {
			writeString(h, "nil")
			return low
		}
		writeString(h, v.Elem().Type().String())
		low = f.value(h, v.Elem())
	case reflect.Pointer:
		if v.IsNil() {
			writeString(h, "nil")
			return low
		}
		sum, back := f.pointer(v)
		writeUint(h, sum)
		low = min(low, back)
	default:
		// Functions and channels have no content to hash; no page data
		// holds them.
		panic(fmt.Sprintf("render: cannot fingerprint a %s", v.Type()))
	}
	return low
}

// fieldsOf lists the fields of struct type t that a fingerprint covers:
// all but those tagged fingerprint:"-", which hold what is elsewhere
// in the page's dot too.
func fieldsOf(t reflect.Type) []int {
	if fields, ok := structFields.Load(t); ok {
		return fields.([]int)
	}
	fields := []int{}
	for i := range t.NumField() {
		if t.Field(i).Tag.Get("fingerprint") != "-" {
			fields = append(fields, i)
		}
	}
	structFields.Store(t, fields)
	return fields
}

var structFields sync.Map // reflect.Type → []int

// mapValue writes a map with string keys, in key order.
func (f *hasher) mapValue(h *maphash.Hash, v reflect.Value) int {
	low := len(f.stack)
	if v.Type().Key().Kind() != reflect.String {
		panic(fmt.Sprintf("render: cannot fingerprint a %s", v.Type()))
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	writeUint(h, uint64(len(keys)))
	for _, k := range keys {
		writeString(h, k.String())
		low = min(low, f.value(h, v.MapIndex(k)))
	}
	return low
}

// pointer hashes what p points at once, and returns its hash and how far
// back on the stack it reaches. Values that point back at a pointer still
// being hashed (an archive's periods point at their decade and parts) are
// hashed with the whole group they belong to: a pointer back into the
// group stands for its place on the stack, and each member's hash is the
// group's with the member's place in it, so a hash still covers all a
// value reaches.
func (f *hasher) pointer(p reflect.Value) (uint64, int) {
	key := ref{p.UnsafePointer(), p.Type()}
	if sum, ok := f.memo.get(f.memoOf(key.typ), key.ptr); ok {
		return sum, len(f.stack)
	}
	if sum, ok := f.fresh[key]; ok {
		return sum, len(f.stack)
	}
	if at, ok := f.onPath[key]; ok {
		return uint64(len(f.stack) - at), at
	}
	at := len(f.stack)
	f.stack = append(f.stack, key)
	f.onPath[key] = at
	var h maphash.Hash
	h.SetSeed(seed)
	writeString(&h, key.typ.String())
	low := f.value(&h, p.Elem())
	sum := h.Sum64()
	if low < at {
		return sum, low // part of a group that started further out
	}
	for i, member := range f.stack[at:] {
		f.fresh[member] = sum + uint64(i)*0x9e3779b97f4a7c15
		delete(f.onPath, member)
	}
	f.stack = f.stack[:at]
	return sum, at
}

// writeAddresses writes what every address the Renderer makes depends on:
// the base path, the origin and the static files' hashed names.
func (r *Renderer) writeAddresses(h *maphash.Hash) {
	writeString(h, r.base)
	writeString(h, r.origin)
	for _, name := range slices.Sorted(maps.Keys(r.assets)) {
		writeString(h, name)
		writeString(h, r.assets[name])
	}
}

func writeString(h *maphash.Hash, s string) {
	writeUint(h, uint64(len(s)))
	h.WriteString(s)
}

func writeUint(h *maphash.Hash, n uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(n >> (8 * i))
	}
	h.Write(b[:])
}
