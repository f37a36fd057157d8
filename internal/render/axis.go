package render

import (
	"time"

	"github.com/dateline-ssg/dateline/internal/axis"
	"github.com/dateline-ssg/dateline/internal/timeline"
)

// axisOf lays out the time axis that a home or timeline page opens with:
// on the home page a lane per timeline, on a timeline's page one lane. It
// reads only the page's data and the site's settings, which the page's
// fingerprint covers, and runs as the page renders, so a page whose
// fingerprint is unchanged does not lay it out again. nil when the page
// has no events.
func (r *Renderer) axisOf(data any) *axis.Layout {
	var lanes []axis.Lane
	onPage := map[*timeline.Event]bool{}
	switch d := data.(type) {
	case homeData:
		for i, t := range d.Timelines {
			lanes = append(lanes, axis.Lane{Title: t.Title, Events: t.Events})
			shown := t.Events
			if d.Latest != nil {
				shown = d.Latest[i]
			}
			for _, e := range shown {
				onPage[e] = true
			}
		}
	case embedData:
		lanes = []axis.Lane{{Title: d.Title, Events: d.Events}}
		for _, e := range d.Shown {
			onPage[e] = true
		}
	case timelineData:
		lanes = []axis.Lane{{Title: d.Title, Events: d.Events}}
		if !d.List.Archived {
			for _, e := range d.Events {
				onPage[e] = true
			}
		}
	default:
		return nil
	}
	var events []*timeline.Event
	for _, l := range lanes {
		events = append(events, l.Events...)
	}
	if len(events) == 0 {
		return nil
	}
	zone, label := r.mainZone(events)
	return axis.Build(lanes, axis.Options{
		// The width of the page's text column in CSS pixels, so that the
		// axis's 11-unit text shows at 11 pixels.
		Width:     640,
		Zone:      zone,
		ZoneLabel: label,
		Labels:    r.site.Config.Labels,
		// A mark leads to the event's card where the page shows it (its
		// first, on a home page that shows it twice), else to its page.
		Href: func(e *timeline.Event) string {
			if onPage[e] {
				return "#event-" + e.ID
			}
			return r.link("events", e.ID)
		},
	})
}

// mainZone is the zone most of events are dated in (the site's when none
// names one), and its reader-facing label at the latest of them.
func (r *Renderer) mainZone(events []*timeline.Event) (*time.Location, string) {
	count := map[string]int{}
	var best *timeline.Event
	for _, e := range events {
		if e.When.Zone == "" {
			continue
		}
		count[e.When.Zone]++
		if best == nil || count[e.When.Zone] > count[best.When.Zone] ||
			e.When.Zone == best.When.Zone && e.When.Start.After(best.When.Start) {
			best = e
		}
	}
	if best == nil {
		loc, err := time.LoadLocation(r.site.Config.TimeZone)
		if err != nil {
			loc = time.UTC
		}
		d := timeline.Date{Start: events[len(events)-1].When.Start.In(loc), Precision: timeline.Minute, Zone: r.site.Config.TimeZone}
		return loc, d.ZoneLabel(r.site.Config.Labels)
	}
	return best.When.Start.Location(), best.When.ZoneLabel(r.site.Config.Labels)
}
