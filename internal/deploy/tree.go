package deploy

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/dateline-ssg/dateline/internal/output"
)

// writeTree stores every file of the built site in dir as a blob of the
// repository at gitDir and returns the id of a tree holding them all.
//
// The tree is assembled in a private index file, never the user's, and the
// files are hashed exactly as they are (--no-filters): no .gitignore,
// .gitattributes or core.autocrlf of the user's can leave a file out of the
// site or change its bytes, as "git add" could.
func writeTree(ctx context.Context, gitDir, dir, indexFile string) (string, error) {
	paths, err := siteFiles(dir)
	if err != nil {
		return "", err
	}
	g := git{dir: dir, env: []string{"GIT_DIR=" + gitDir, "GIT_WORK_TREE=" + dir, "GIT_INDEX_FILE=" + indexFile}}
	out, err := g.run(ctx, strings.Join(paths, "\n")+"\n", "hash-object", "-w", "--no-filters", "--stdin-paths")
	if err != nil {
		return "", err
	}
	ids := strings.Fields(out)
	if len(ids) != len(paths) {
		return "", fmt.Errorf("git hash-object returned %d ids for %d files", len(ids), len(paths))
	}
	var entries strings.Builder
	for i, p := range paths {
		fmt.Fprintf(&entries, "100644 %s\t%s\x00", ids[i], p)
	}
	// A split index would leave a shared index file in the repository.
	if _, err := g.run(ctx, entries.String(), "-c", "core.splitIndex=false", "update-index", "--add", "-z", "--index-info"); err != nil {
		return "", err
	}
	return g.line(ctx, "write-tree")
}

// siteFiles lists the files below dir as slash-separated relative paths,
// leaving out the marker that dateline build writes for itself.
func siteFiles(dir string) ([]string, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == output.Marker:
			return nil
		case !d.Type().IsRegular():
			return fmt.Errorf("the built site holds %s, which is not a regular file; only files can be deployed", rel)
		case strings.ContainsFunc(rel, unicode.IsControl):
			// git hash-object reads one path a line.
			return fmt.Errorf("the built site holds a file whose name has a control character (%q); rename it in static/", rel)
		}
		paths = append(paths, rel)
		return nil
	})
	return paths, err
}
