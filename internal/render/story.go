package render

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// This file holds what helps a reader follow a developing story: lists
// read newest first, key moments, the index of dates at the top of a list,
// and the filters the built-in script (static/dateline.js) works with.
// Everything is worked out from a page's data, so that fingerprints cover
// it, and every control the script needs is in the HTML, hidden until the
// script shows it.

// keyMomentsAfter is how many events a timeline must have for its page to
// open with a list of its key moments: in a short timeline the "Key
// moment" labels are seen at a glance, in a longer one they are not.
const keyMomentsAfter = 10

// A keyMoment is one key event in the list at the top of a timeline's
// page, with the address of its card: on the page itself, or on the page
// of the archive that lists it.
type keyMoment struct {
	Event *timeline.Event
	URL   string
}

// keyMoments lists the key events of t in its page's order, or nil when
// it has none or no more than keyMomentsAfter events. on gives, for an
// archived timeline, the address (escaped, base path included) of the
// archive page listing each event.
func (r *Renderer) keyMoments(t *timeline.Timeline, on map[*timeline.Event]string) []keyMoment {
	if len(t.Events) <= keyMomentsAfter {
		return nil
	}
	var out []keyMoment
	for _, e := range t.Events {
		if !e.Key {
			continue
		}
		u := "#event-" + e.ID
		if page, ok := on[e]; ok {
			u = page + u
		}
		out = append(out, keyMoment{Event: e, URL: u})
	}
	if t.NewestFirst() {
		slices.Reverse(out)
	}
	return out
}

// A dayView is one heading of a list with the id its heading takes, which
// the index of dates and the axis link to.
type dayView struct {
	timeline.DayGroup
	ID string
}

// daysOf groups l's events under headings in the list's order and gives
// each heading an id: "day-2025-09-02", qualified by the list's scope on
// a page with several lists ("journey_day-2025-09-02", "_" being in no
// id or key), and numbered from the second time a key recurs (zones that
// interleave can repeat a day), so that every id on a page is unique.
func daysOf(l listData) []dayView {
	var days []timeline.DayGroup
	if l.Newest {
		days = timeline.NewestDays(l.Events)
	} else {
		days = timeline.Days(l.Events)
	}
	out := make([]dayView, len(days))
	seen := make(map[string]int, len(days))
	for i, d := range days {
		id := "day-" + d.Key
		if l.Scope != "" {
			id = l.Scope + "_" + id
		}
		seen[d.Key]++
		if n := seen[d.Key]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		out[i] = dayView{DayGroup: d, ID: id}
	}
	return out
}

// A jumpPeriod is one month or year of the index of dates: its label,
// linked when it has a heading of its own (an event known only to it),
// and its days.
type jumpPeriod struct {
	Key, Label, URL string
	Days            []jumpLink
}

// jumpNav is an index of dates as the "jump" partial shows it, with the
// label that tells one index from another on a page of several lists.
type jumpNav struct {
	Label   string
	Periods []jumpPeriod
}

// A jumpLink is one day of the index, or one page of an archive.
type jumpLink struct {
	Label, URL string
	Datetime   string // the day, for <time>; "" for a page of an archive
}

// jumpIndex is the index of dates of a list's headings, in their order:
// each month (or year) once, with the days listed under it that the list
// has, each day linking to its first heading.
func jumpIndex(days []dayView) []jumpPeriod {
	var out []jumpPeriod
	at := map[string]int{}
	linked := map[string]bool{}
	for _, d := range days {
		if linked[d.Key] {
			continue
		}
		linked[d.Key] = true
		period := d.Key
		if len(period) > 7 {
			period = period[:7] // a day's month
		}
		i, ok := at[period]
		if !ok {
			i = len(out)
			at[period] = i
			out = append(out, jumpPeriod{Key: period, Label: periodLabel(period)})
		}
		if period == d.Key {
			out[i].URL = "#" + d.ID
			continue
		}
		day, err := time.Parse("2006-01-02", d.Key)
		if err != nil {
			continue
		}
		out[i].Days = append(out[i].Days, jumpLink{Label: day.Format("Mon 2"), URL: "#" + d.ID, Datetime: d.Key})
	}
	return out
}

// periodLabel is "September 2025" for "2025-09" and the year for "2025".
func periodLabel(key string) string {
	if m, err := time.Parse("2006-01", key); err == nil {
		return m.Format("January 2006")
	}
	return key
}

// archiveIndex is the index of dates of an archived list's own page: the
// pages of its archive that list events, under their decades, in the
// list's order.
func (r *Renderer) archiveIndex(l eventList) []jumpPeriod {
	var out []jumpPeriod
	at := map[*timeline.Period]int{}
	for _, p := range l.archive.Pages() {
		if len(p.Events) == 0 {
			continue
		}
		d := p.Decade()
		i, ok := at[d]
		if !ok {
			i = len(out)
			at[d] = i
			out = append(out, jumpPeriod{Key: d.Key, Label: d.Label})
		}
		out[i].Days = append(out[i].Days, jumpLink{Label: p.Label, URL: r.base + escapePath(l.URL+p.Path)})
	}
	if l.Newest {
		slices.Reverse(out)
		for _, p := range out {
			slices.Reverse(p.Days)
		}
	}
	return out
}

// filterData is what the filters of a list page offer: the statuses,
// tags, people and timelines of the events it lists, each with its page
// for reading without JavaScript. A kind of value is left out when no
// value of it would hide anything (every event has each one), and the
// whole is nil for a page of fewer than two events.
type filterData struct {
	Statuses, Tags, People, Timelines []filterValue
}

// A filterValue is one value to filter by: Value is what the cards' data
// attributes and the address's query hold (a slug, a status, a timeline
// id), Label what readers see, URL its page.
type filterValue struct {
	Value, Label, URL string
}

// filtersOf is the filters of a page listing events, from its data: made
// as the page renders, so that a page live preview reuses does not make
// them again. nil for a page whose events are on other pages (an archived
// list's own) or that lists fewer than two.
func (r *Renderer) filtersOf(data any) *filterData {
	switch d := data.(type) {
	case homeData:
		var all []*timeline.Event
		for i, t := range d.Timelines {
			if d.Latest != nil {
				all = append(all, d.Latest[i]...)
			} else {
				all = append(all, t.Events...)
			}
		}
		return r.filters(all)
	case timelineData:
		if !d.List.Archived {
			return r.filters(d.Events)
		}
	case groupData:
		if !d.List.Archived {
			return r.filters(d.Group.Events)
		}
	case periodData:
		return r.filters(d.Period.Events)
	}
	return nil
}

// filters works out the filters of a page listing events.
func (r *Renderer) filters(events []*timeline.Event) *filterData {
	if len(events) < 2 {
		return nil
	}
	titles := map[string]string{}
	for _, t := range r.site.Config.Timelines {
		titles[t.ID] = t.Title
	}
	count := map[string]int{}
	var statuses, tags, people, lines []filterValue
	add := func(list *[]filterValue, kind, value, label string) {
		k := kind + "\x00" + value
		if count[k] == 0 {
			*list = append(*list, filterValue{Value: value, Label: label})
		}
		count[k]++
	}
	for _, e := range events {
		if e.Status != "" {
			add(&statuses, "status", string(e.Status), e.Status.Label())
		}
		for _, t := range e.Tags {
			add(&tags, "tags", r.slug(t), t)
		}
		for _, p := range e.People {
			add(&people, "people", r.slug(p), p)
		}
		for _, id := range e.Timelines {
			if title, ok := titles[id]; ok {
				add(&lines, "timelines", id, title)
			}
		}
	}
	// Addresses only for the values kept, once each.
	for _, list := range []struct {
		dir string
		vs  []filterValue
	}{{"status", statuses}, {"tags", tags}, {"people", people}, {"timelines", lines}} {
		for i := range list.vs {
			list.vs[i].URL = r.link(list.dir, list.vs[i].Value)
		}
	}
	// A kind whose every value every event has would filter nothing.
	useful := func(kind string, vs []filterValue) []filterValue {
		for _, v := range vs {
			if count[kind+"\x00"+v.Value] < len(events) {
				return vs
			}
		}
		return nil
	}
	byLabel := func(a, b filterValue) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) }
	slices.SortStableFunc(tags, byLabel)
	slices.SortStableFunc(people, byLabel)
	slices.SortStableFunc(statuses, func(a, b filterValue) int {
		return slices.Index(timeline.Statuses, timeline.Status(a.Value)) - slices.Index(timeline.Statuses, timeline.Status(b.Value))
	})
	f := &filterData{Statuses: useful("status", statuses), Tags: useful("tags", tags), People: useful("people", people), Timelines: useful("timelines", lines)}
	if f.Statuses == nil && f.Tags == nil && f.People == nil && f.Timelines == nil {
		return nil
	}
	return f
}

// slugs is names as a card's data attribute holds them: their slugs,
// separated by spaces (a slug has none), for the script to match.
func (r *Renderer) slugs(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = r.slug(n)
	}
	return strings.Join(out, " ")
}

// slug is the address part of a tag's or a person's name, as the site's
// groups have it: made once a build, not once a card.
func (r *Renderer) slug(name string) string {
	if s, ok := r.slugOf[name]; ok {
		return s
	}
	return timeline.Slugify(name)
}

// groupSlugs maps the names of tags and people as events and articles
// write them to their slugs.
func groupSlugs(site *timeline.Site) map[string]string {
	m := make(map[string]string, len(site.Tags)+len(site.People))
	for _, gs := range [][]*timeline.Group{site.Tags, site.People} {
		for _, g := range gs {
			m[g.Name] = g.Slug
		}
	}
	return m
}
