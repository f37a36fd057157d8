package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"
	"text/template"
)

// The templates use {% %} as delimiters because the GitHub workflow they
// include is full of ${{ }} expressions that must reach the file as written.
//
//go:embed templates/*.tmpl
var templateFS embed.FS

var templates = template.Must(template.New("").
	Delims("{%", "%}").
	Option("missingkey=error").
	Funcs(template.FuncMap{"toml": quoteTOML}).
	ParseFS(templateFS, "templates/*.tmpl"))

func execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("scaffold template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// quoteTOML writes s as a TOML basic string, "…". The quote and backslash
// are escaped, and so is every control character, which TOML does not allow
// raw in a string (tab included, for a title that shows on one line). Bytes
// that are not UTF-8 become U+FFFD, since a TOML file must be UTF-8. Any
// text, however hostile, thus reads back as itself.
func quoteTOML(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// mapFS serves files held in memory to the loader, for the self-check;
// fstest.MapFS supplies the folders between them that fs.WalkDir needs.
func mapFS(files map[string][]byte) fs.FS {
	m := fstest.MapFS{}
	for p, data := range files {
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return m
}
