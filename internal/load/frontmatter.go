package load

import "strings"

// frontMatter is an article split into its TOML front matter and Markdown body.
type frontMatter struct {
	meta     string
	metaLine int // line of the .md file where meta starts
	body     string
	bodyLine int // line of the .md file where body starts
}

type splitError struct {
	line int
	msg  string
}

// splitFrontMatter separates the TOML between the first two lines that hold
// only "+++" from the Markdown after them, remembering the line each part
// starts on so that errors in either point at the real line of the file.
func splitFrontMatter(text string) (frontMatter, *splitError) {
	if strings.TrimSpace(text) == "" {
		return frontMatter{}, &splitError{1, "empty article; start it with a +++ line, the front matter (title = \"…\"), a closing +++ line, then the text"}
	}
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t\r") == "---" {
		return frontMatter{}, &splitError{1, "front matter must be TOML between +++ lines, not YAML between --- lines: write +++, then title = \"…\", then +++"}
	}
	if !isFence(first) {
		return frontMatter{}, &splitError{1, "an article must start with a line holding only +++, then its TOML front matter (title = \"…\") and a closing +++ line"}
	}
	offset := len(first) + 1
	line := 2
	for rest != "" {
		l, after, found := strings.Cut(rest, "\n")
		if isFence(l) {
			fm := frontMatter{meta: text[len(first)+1 : offset], metaLine: 2, bodyLine: line + 1}
			if found {
				fm.body = after
			}
			return fm, nil
		}
		offset += len(l) + 1
		line++
		rest = after
	}
	return frontMatter{}, &splitError{1, "the +++ front matter opened here is never closed; add a line holding only +++ after the last front matter line"}
}

func isFence(line string) bool { return strings.TrimRight(line, " \t\r") == "+++" }
