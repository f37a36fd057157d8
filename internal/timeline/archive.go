package timeline

import (
	"fmt"
	"strconv"
)

// DefaultPageSize is how many events one list page shows at most unless
// site.toml says otherwise (page_size).
const DefaultPageSize = 300

// An Archive is a list of events too long for one page, split into pages
// that each show at most a page size of events: one page per decade; a
// decade with more becomes an index of its years, a year with more an
// index of its months; a month with more, or the events of a year known
// only to the year, run over numbered parts. Pages are named by date
// ("1990s/", "1994/", "1994/09/", "1994/09/2/"), so an address keeps showing
// the same period as events are added.
type Archive struct {
	Decades []*Period
	Total   int
}

// A Period is one page of an archive: a decade, a year, a month, or a
// further part of one.
type Period struct {
	Key   string // "1990s", "1994", "1994-09", "1994-09/2": unique within its archive
	Path  string // below the list's own address: "1990s/", "1994/", "1994/09/", "1994/09/2/"
	Label string // "1990s", "1994", "September 1994", "September 1994, part 2 of 3"
	// Events are those this page shows, in order: for a period split into
	// smaller ones, only those dated to the period alone (a year's events
	// known only to the year).
	Events []*Event
	Total  int       // events in the period, including its smaller periods and parts
	Within []*Period // a decade's years or a year's months, when they have pages of their own
	Parts  []*Period // every part of a period too long for one page, the first being the period's own page
	Up     *Period   // the decade of a year, the year of a month; nil for a decade
}

// A level is one way of cutting events into periods. Its key is a number,
// worked out for every event of every list, so that cutting costs no
// allocation an event; name makes the period's key string once.
type level struct {
	key   func(*Event) int // noKey for an event too coarse for this level
	name  func(key int) string
	path  func(key int) string
	label func(first *Event, key int) string
}

const noKey = -1 << 62

var levels = []level{
	{ // decades
		key:   func(e *Event) int { return floorDiv(e.When.Start.Year(), 10) },
		name:  func(k int) string { return strconv.Itoa(k*10) + "s" },
		path:  func(k int) string { return strconv.Itoa(k*10) + "s/" },
		label: func(_ *Event, k int) string { return strconv.Itoa(k*10) + "s" },
	},
	{ // years
		key:   func(e *Event) int { return e.When.Start.Year() },
		name:  func(k int) string { return fmt.Sprintf("%04d", k) },
		path:  func(k int) string { return fmt.Sprintf("%04d/", k) },
		label: func(_ *Event, k int) string { return fmt.Sprintf("%04d", k) },
	},
	{ // months
		key: func(e *Event) int {
			if e.When.Precision < Month {
				return noKey
			}
			return e.When.Start.Year()*12 + int(e.When.Start.Month()) - 1
		},
		name:  func(k int) string { return fmt.Sprintf("%04d-%02d", floorDiv(k, 12), k-floorDiv(k, 12)*12+1) },
		path:  func(k int) string { return fmt.Sprintf("%04d/%02d/", floorDiv(k, 12), k-floorDiv(k, 12)*12+1) },
		label: func(first *Event, _ int) string { return first.When.Start.Format("January 2006") },
	},
}

// floorDiv is a / b rounded down, for years before year 0 too.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Archived splits events, already in order, into an Archive when there are
// more than size of them (size < 1 means DefaultPageSize); it returns nil
// when they fit on one page.
func Archived(events []*Event, size int) *Archive {
	if size < 1 {
		size = DefaultPageSize
	}
	if len(events) <= size {
		return nil
	}
	decades, _ := periods(events, 0, nil, size)
	return &Archive{Decades: decades, Total: len(events)}
}

// periods cuts events into the periods of levels[depth], each split further
// when too big, and returns them with the events too coarse to place.
func periods(events []*Event, depth int, up *Period, size int) (out []*Period, loose []*Event) {
	lv := levels[depth]
	for _, r := range runsBy(events, lv.key) {
		if r.key == noKey {
			loose = append(loose, r.events...)
			continue
		}
		p := &Period{Key: lv.name(r.key), Path: lv.path(r.key), Label: lv.label(r.events[0], r.key), Total: len(r.events), Up: up}
		p.Events = r.events
		if len(r.events) > size && depth+1 < len(levels) {
			p.Within, p.Events = periods(r.events, depth+1, p, size)
		}
		splitParts(p, size)
		out = append(out, p)
	}
	return out, loose
}

// Pages lists every page of the archive in order: each period, its
// further parts, then the periods within it.
func (a *Archive) Pages() []*Period {
	var out []*Period
	var walk func([]*Period)
	walk = func(ps []*Period) {
		for _, p := range ps {
			out = append(out, p.pages()...)
			walk(p.Within)
		}
	}
	walk(a.Decades)
	return out
}

// pages is the period's own page and its further parts.
func (p *Period) pages() []*Period {
	if len(p.Parts) == 0 {
		return []*Period{p}
	}
	return p.Parts
}

// Of is the period whose pages a part belongs to: p itself unless p is a
// further part. The first part is the period.
func (p *Period) Of() *Period {
	if len(p.Parts) > 0 {
		return p.Parts[0]
	}
	return p
}

// Decade is the decade page p belongs to.
func (p *Period) Decade() *Period {
	d := p.Of()
	for d.Up != nil {
		d = d.Up
	}
	return d
}

// splitParts gives p numbered parts when its own events do not fit on one
// page; the first part stays at p's own address.
func splitParts(p *Period, size int) {
	if len(p.Events) <= size {
		return
	}
	n := (len(p.Events) + size - 1) / size
	all := p.Events
	label := p.Label
	p.Parts = make([]*Period, n)
	for i := range n {
		part := p
		if i > 0 {
			part = &Period{Key: p.Key + "/" + strconv.Itoa(i+1), Path: p.Path + strconv.Itoa(i+1) + "/", Total: p.Total, Up: p.Up}
		}
		part.Label = fmt.Sprintf("%s, part %d of %d", label, i+1, n)
		part.Events = all[i*size : min((i+1)*size, len(all))]
		p.Parts[i] = part
	}
	for _, part := range p.Parts[1:] {
		part.Parts = p.Parts
	}
}

// A run is the events of a list that share a key, in list order.
type run struct {
	key    int
	events []*Event
}

// runsBy groups events, in order, by key. Events in order share a year (or
// month) in one stretch, except that zones can make a local date step
// back at a boundary; such an event joins the run of its own key, so each
// key has one run, in the order the keys first appear.
func runsBy(events []*Event, key func(*Event) int) []run {
	var runs []run
	index := map[int]int{}
	last := -1 // the run the previous event joined: most events join it too
	for _, e := range events {
		k := key(e)
		i := last
		if i < 0 || runs[i].key != k {
			var ok bool
			if i, ok = index[k]; !ok {
				i = len(runs)
				index[k] = i
				runs = append(runs, run{key: k})
			}
		}
		runs[i].events = append(runs[i].events, e)
		last = i
	}
	return runs
}
