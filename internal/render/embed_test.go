package render_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dateline-ssg/dateline/internal/sitetest"
)

// TestEmbed: each timeline has a frameable view holding its axis and its
// events, with no site navigation, whose links open in the framing page;
// the timeline's page offers the <iframe> that frames it.
func TestEmbed(t *testing.T) {
	_, pages := renderedSite(t, sitetest.CopyExample(t))
	for _, id := range []string{"journey", "diplomacy", "background"} {
		t.Run(id, func(t *testing.T) {
			view := page(t, pages, "timelines/"+id+"/embed/")
			doc, err := html.Parse(strings.NewReader(view))
			if err != nil {
				t.Fatal(err)
			}
			var base, nav, axis, lines, toTimeline bool
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				switch {
				case n.Data == "base" && attr(n, "target") == "_parent":
					base = true
				case n.Data == "nav" || n.Data == "header" && strings.Contains(attr(n, "class"), "site-header"):
					nav = true
				case n.Data == "figure" && attr(n, "class") == "time-axis":
					axis = true
				case strings.HasPrefix(attr(n, "id"), "event-"):
					lines = true
				case n.Data == "a" && strings.HasSuffix(attr(n, "href"), "/timelines/"+id+"/"):
					toTimeline = true
				}
			}
			if !base || nav || !axis || !lines || !toTimeline {
				t.Errorf("embed view: <base target=_parent> %v, site navigation %v, axis %v, events %v, link to the timeline %v",
					base, nav, axis, lines, toTimeline)
			}
			own := page(t, pages, "timelines/"+id+"/")
			want := `&lt;iframe src=&#34;/dateline/timelines/` + id + `/embed/&#34;`
			if !strings.Contains(own, want) && !strings.Contains(own, `&lt;iframe src=&#34;https://example.github.io/dateline/timelines/`+id+`/embed/&#34;`) {
				t.Errorf("timeline page lacks the <iframe> code for its view")
			}
		})
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
