package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"testing/fstest"
	"text/template"

	"github.com/dateline-ssg/dateline/internal/load"
)

// The templates use {% %} as delimiters because the GitHub workflow they
// include is full of ${{ }} expressions that must reach the file as written.
//
//go:embed templates/*.tmpl
var templateFS embed.FS

var templates = template.Must(template.New("").
	Delims("{%", "%}").
	Option("missingkey=error").
	Funcs(template.FuncMap{"toml": load.Quote}).
	ParseFS(templateFS, "templates/*.tmpl"))

func execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("scaffold template %s: %w", name, err)
	}
	return buf.Bytes(), nil
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
