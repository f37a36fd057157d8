package load

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// keyIndex says where the keys of one TOML text were written. It scans the
// text when first asked, so that only files with a problem are scanned:
// scanning every file cost about 7% of loading a site.
type keyIndex struct {
	text       string
	lineOffset int            // lines of the file before text (front matter)
	positions  map[string]pos // nil until the text is scanned
}

// at is where the key or table at path was written.
func (k *keyIndex) at(path string) (pos, bool) {
	if k == nil {
		return pos{}, false
	}
	if k.positions == nil {
		k.positions = keyPositions(k.text, k.lineOffset)
	}
	p, ok := k.positions[path]
	return p, ok
}

// keyPositions finds where each key of a TOML document was written, so that a
// problem with a value can point at its line and column. BurntSushi/toml
// reports positions only for syntax errors, hence this small scanner. It is
// lenient: it runs on documents that parsed, or that did when they were
// loaded and may have been edited since (see Locate).
//
// Paths join keys with "."; elements of arrays of tables and of arrays of
// inline tables are numbered from 0: "event.2.when", "event.0.sources.1.url".
// A path also maps the array itself: "event.2" is where that table starts.
func keyPositions(src string, lineOffset int) map[string]pos {
	// Values seldom nest deeper than a list of inline tables: room for that
	// from the start spares growing the stack step by step in every file.
	stack := make([]frame, 0, 4)
	s := &keyScanner{src: src, out: make(map[string]pos, estimateKeys(src)), line: 1 + lineOffset, stack: stack}
	s.scan()
	return s.out
}

// estimateKeys is about how many paths src will record, a little over as a
// rule: one per key, header and element of an array, each starting with "=",
// "[" or "{". Sizing the map once saves growing it step by step.
func estimateKeys(src string) int {
	return strings.Count(src, "=") + strings.Count(src, "[") + strings.Count(src, "{")
}

type pos struct{ line, col int }

type keyScanner struct {
	src       string
	i         int
	line      int
	lineStart int
	out       map[string]pos
	table     string         // current [table] or [[array]] element prefix
	lastKey   string         // path of the key whose value is being scanned
	arrays    map[string]int // next index of each [[array]]
	stack     []frame        // open [ and { inside a value

	paths strings.Builder // holds the paths made so far; see join
}

// frame is an open inline array or table in a value.
type frame struct {
	path  string
	array bool
	index int
}

func (s *keyScanner) here() pos {
	return pos{s.line, utf8.RuneCountInString(s.src[s.lineStart:s.i]) + 1}
}

func (s *keyScanner) scan() {
	expectKey := true
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '\n':
			s.i++
			s.line++
			s.lineStart = s.i
			if len(s.stack) == 0 {
				expectKey = true
			}
		case c == ' ' || c == '\t' || c == '\r':
			s.i++
		case c == '#':
			for s.i < len(s.src) && s.src[s.i] != '\n' {
				s.i++
			}
		case c == '[' && expectKey && len(s.stack) == 0:
			s.header()
			expectKey = false
		case (c == ']' || c == '}') && len(s.stack) > 0:
			// Before the expectKey case: "{}" and a trailing comma (TOML 1.1)
			// close an inline table where a key could have started.
			s.stack = s.stack[:len(s.stack)-1]
			s.i++
			expectKey = false
		case expectKey:
			s.key()
			expectKey = false
		case c == '"' || c == '\'':
			s.skipString()
		case c == '[':
			s.push(true)
			s.i++
		case c == '{':
			s.push(false)
			s.i++
			expectKey = true
		case c == ',':
			if n := len(s.stack); n > 0 {
				if f := &s.stack[n-1]; f.array {
					f.index++
				} else {
					expectKey = true
				}
			}
			s.i++
		default:
			s.i++
		}
	}
}

// push opens an array or inline table, as the value of the last key or as
// the next element of the enclosing array.
func (s *keyScanner) push(array bool) {
	path := s.lastKey
	if n := len(s.stack); n > 0 && s.stack[n-1].array {
		top := s.stack[n-1]
		path = s.join(top.path, strconv.Itoa(top.index))
		s.record(path, s.here())
	}
	s.stack = append(s.stack, frame{path: path, array: array})
}

func (s *keyScanner) record(path string, p pos) {
	if _, seen := s.out[path]; !seen {
		s.out[path] = p
	}
}

// header reads a [table] or [[array]] line. A dotted name resolves each
// array of tables it passes through to that array's last element, as TOML
// does: [[event.sources]] after the third [[event]] is "event.2.sources.N".
func (s *keyScanner) header() {
	at := s.here()
	double := strings.HasPrefix(s.src[s.i:], "[[")
	s.i++
	if double {
		s.i++
	}
	start := s.i
	for s.i < len(s.src) && s.src[s.i] != ']' && s.src[s.i] != '\n' {
		if c := s.src[s.i]; c == '"' || c == '\'' {
			s.skipString()
			continue
		}
		s.i++
	}
	var room [4]string
	parts := appendDotted(room[:0], s.src[start:s.i])
	for s.i < len(s.src) && s.src[s.i] != '\n' { // the closing brackets and any comment
		s.i++
	}
	name := ""
	for i, part := range parts {
		name = s.keyPath(name, part)
		if n, isArray := s.arrays[name]; isArray && i < len(parts)-1 {
			name = s.join(name, strconv.Itoa(n-1))
		}
	}
	if double {
		if s.arrays == nil {
			s.arrays = map[string]int{}
		}
		n := s.arrays[name]
		s.arrays[name] = n + 1
		s.table = s.join(name, strconv.Itoa(n))
	} else {
		s.table = name
	}
	s.record(s.table, at)
}

// keyPath is the path of key in the table at prefix, "" for the document.
func (s *keyScanner) keyPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return s.join(prefix, key)
}

// pathBufferSize holds the paths of a typical event file.
const pathBufferSize = 512

// join makes the path prefix.key. The paths of a document are written one
// after another into a shared buffer rather than each into an allocation of
// its own: a file has dozens, all dropped once it has been read. A Builder
// never changes the bytes it has written, so earlier paths stay valid.
func (s *keyScanner) join(prefix, key string) string {
	n := len(prefix) + 1 + len(key)
	if s.paths.Cap()-s.paths.Len() < n {
		// A new buffer, not a bigger one: growing would copy the paths so far.
		s.paths.Reset()
		s.paths.Grow(max(n, pathBufferSize))
	}
	start := s.paths.Len()
	s.paths.WriteString(prefix)
	s.paths.WriteByte('.')
	s.paths.WriteString(key)
	return s.paths.String()[start:]
}

// prefix is the path that a key read now belongs under.
func (s *keyScanner) prefix() string {
	if n := len(s.stack); n > 0 {
		top := s.stack[n-1]
		if top.array {
			return s.join(top.path, strconv.Itoa(top.index))
		}
		return top.path
	}
	return s.table
}

func (s *keyScanner) key() {
	at := s.here()
	start := s.i
	for s.i < len(s.src) {
		c := s.src[s.i]
		if c == '"' || c == '\'' {
			s.skipString()
			continue
		}
		if c == '=' || c == '\n' {
			break
		}
		s.i++
	}
	path := s.keyPath(s.prefix(), dottedPath(s.src[start:s.i]))
	s.lastKey = path
	s.record(path, at)
	if s.i < len(s.src) && s.src[s.i] == '=' {
		s.i++
	}
}

func (s *keyScanner) skipString() {
	q := s.src[s.i]
	triple := strings.Repeat(string(q), 3)
	if strings.HasPrefix(s.src[s.i:], triple) {
		s.i += 3
		end := s.tripleEnd(triple)
		s.advanceLines(s.src[s.i:end])
		s.i = min(end+3, len(s.src))
		for s.i < len(s.src) && s.src[s.i] == q { // """" ends with a quote inside
			s.i++
		}
		return
	}
	s.i++
	for s.i < len(s.src) {
		c := s.src[s.i]
		switch {
		case c == '\\' && q == '"':
			s.i = min(s.i+2, len(s.src)) // a text may end in the escape
			continue
		case c == q:
			s.i++
			return
		case c == '\n':
			return
		}
		s.i++
	}
}

// tripleEnd is where the multi-line string opened just before s.i is closed
// by triple, or the end of src. It jumps from quote to quote (and, in a
// basic string, backslash) instead of testing every byte for triple: long
// summaries are written in such strings.
func (s *keyScanner) tripleEnd(triple string) int {
	stops := triple[:1]
	if triple[0] == '"' {
		stops = `"\`
	}
	end := s.i
	for {
		j := strings.IndexAny(s.src[end:], stops)
		if j < 0 {
			return len(s.src)
		}
		end += j
		switch {
		case s.src[end] == '\\': // \""" does not end the string
			end += 2
		case strings.HasPrefix(s.src[end:], triple):
			return end
		default:
			end++
		}
		if end >= len(s.src) {
			return len(s.src)
		}
	}
}

func (s *keyScanner) advanceLines(text string) {
	if n := strings.Count(text, "\n"); n > 0 {
		s.line += n
		s.lineStart = s.i + strings.LastIndexByte(text, '\n') + 1
	}
}

// dottedPath is a dotted key's parts, unquoted, joined with ".". Most keys
// are one bare word, which is its own path: they need no split.
func dottedPath(key string) string {
	if !strings.ContainsAny(key, ".\"'") {
		return strings.TrimSpace(key)
	}
	return strings.Join(splitDotted(key), ".")
}

// splitDotted splits a dotted key such as `event . "a.b"` into its parts,
// unquoted; a dot inside quotes belongs to its part.
func splitDotted(key string) []string { return appendDotted(nil, key) }

// appendDotted appends the parts of a dotted key to parts, which lets a
// caller keep them on its stack.
func appendDotted(parts []string, key string) []string {
	var quote byte
	start := 0
	for i := 0; i < len(key); i++ {
		switch c := key[i]; {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, unquoteKey(strings.TrimSpace(key[start:i])))
			start = i + 1
		}
	}
	return append(parts, unquoteKey(strings.TrimSpace(key[start:])))
}

func unquoteKey(k string) string {
	if len(k) >= 2 && k[0] == '\'' && k[len(k)-1] == '\'' {
		return k[1 : len(k)-1]
	}
	if u, err := strconv.Unquote(k); err == nil && strings.HasPrefix(k, `"`) {
		return u
	}
	return strings.Trim(k, `"`)
}
