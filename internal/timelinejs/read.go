package timelinejs

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dateline-ssg/dateline/internal/timeline"
)

// input is what a file holds, in one shape for every format.
type input struct {
	title, description string // of the title slide or row, as HTML
	titleWhere         string // where they were, or "" for no title
	entries            []entry
	notes              []string // what was left out, each starting with where
}

// entry is one event as a file gives it, before it is checked.
type entry struct {
	where       string // "row 7", "event 3"
	id          string
	title       string // plain text
	titleField  string // where the title is, for a message
	summary     string // Markdown
	displayDate string // plain text
	group       string
	groupField  string
	start, end  dateParts
	sources     []timeline.Source
	sourceField string
	image       *timeline.Image // from the media, when it can be one
	ext         *Extension
	rawDate     string // the date as the file wrote it, when it is one cell
}

// part is one field of a date: its number (nil when not given), where it
// is and how it was written, for a message.
type part struct {
	v     *int
	field string
	text  string
}

type dateParts struct {
	year, month, day, hour, minute, second, millisecond part
}

func (p dateParts) given() bool {
	for _, x := range []part{p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond} {
		if x.v != nil {
			return true
		}
	}
	return false
}

// problems collects the problems of one file.
type problems struct {
	file  string
	list  Problems
	notes []string // what was left out or changed, which is no mistake
}

func (ps *problems) add(where, field, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: ps.file, Where: where, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// readJSON reads a TimelineJS JSON document.
func readJSON(data []byte, ps *problems) *input {
	var doc struct {
		Title  *json.RawMessage  `json:"title"`
		Events []json.RawMessage `json:"events"`
		Eras   []json.RawMessage `json:"eras"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			ps.add(fmt.Sprintf("line %d", lineAt(data, syntax.Offset)), "", "not JSON: %v", syntax)
		case errors.As(err, &typ):
			ps.add(fmt.Sprintf("line %d", lineAt(data, typ.Offset)), typ.Field, "not a TimelineJS timeline: %s must not be a JSON %s", typ.Field, typ.Value)
		default:
			ps.add("line 1", "", "not a TimelineJS timeline: %v", err)
		}
		return nil
	}
	in := &input{}
	if doc.Title != nil {
		var s Slide
		if err := json.Unmarshal(*doc.Title, &s); err == nil && s.Text != nil {
			in.title, in.description, in.titleWhere = s.Text.Headline, s.Text.Text, "the title slide"
		}
	}
	if len(doc.Eras) > 0 {
		in.notes = append(in.notes, fmt.Sprintf("%d %s left out: dateline has no eras", len(doc.Eras), plural(len(doc.Eras), "era was", "eras were")))
	}
	for i, raw := range doc.Events {
		if e, ok := slideEntry(fmt.Sprintf("event %d", i+1), raw, ps); ok {
			in.entries = append(in.entries, e)
		}
	}
	return in
}

func lineAt(data []byte, offset int64) int {
	return bytes.Count(data[:min(max(offset, 0), int64(len(data)))], []byte("\n")) + 1
}

// slideEntry reads one slide. Its dates are read apart from the rest, so
// that a mistake in each is reported with the field it is in.
func slideEntry(where string, raw json.RawMessage, ps *problems) (entry, bool) {
	var s struct {
		Slide
		StartDate json.RawMessage `json:"start_date"`
		EndDate   json.RawMessage `json:"end_date"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			ps.add(where, typ.Field, "must not be a JSON %s", typ.Value)
		} else {
			ps.add(where, "", "not a TimelineJS slide: %v", err)
		}
		return entry{}, false
	}
	e := entry{where: where, id: strings.TrimSpace(s.UniqueID), group: strings.TrimSpace(PlainText(s.Group)), groupField: "group",
		titleField: "text.headline", displayDate: PlainText(s.DisplayDate), sourceField: "media.url", ext: s.Dateline}
	if s.Text != nil {
		e.title = PlainText(s.Text.Headline)
		e.summary = Markdown(s.Text.Text)
	}
	ok := true
	for _, d := range []struct {
		name string
		raw  json.RawMessage
		to   *dateParts
	}{{"start_date", s.StartDate, &e.start}, {"end_date", s.EndDate, &e.end}} {
		if len(d.raw) == 0 || string(d.raw) == "null" {
			continue
		}
		var date Date
		if err := json.Unmarshal(d.raw, &date); err != nil {
			for _, msg := range strings.Split(err.Error(), "\n") {
				field, rest, found := strings.Cut(msg, ": ")
				if !found {
					field, rest = "", msg
				}
				ps.add(where, strings.TrimSuffix(d.name+"."+field, "."), "%s", rest)
			}
			ok = false
			continue
		}
		*d.to = jsonDateParts(d.name, date)
		if e.displayDate == "" && d.name == "start_date" {
			e.displayDate = PlainText(date.DisplayDate)
		}
	}
	if s.Media != nil {
		var size *ImageExtension
		if s.Dateline != nil {
			size = s.Dateline.Image
		}
		if e.image = mediaImage(where, s.Media, size, "media.url", ps); e.image == nil {
			e.sources = mediaSource(where, s.Media, "media.url", ps)
		}
	}
	return e, ok
}

// imageTypes are the file types a page shows in an <img>, by the end of
// the address's path.
var imageTypes = []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"}

// mediaImage makes an event's image of media at an https address of an
// image file, when size gives its width and height (dateline's own export
// writes them in its extension) and it has alt text or is decorative.
// TimelineJS itself records no size, and an import reads no address, so
// other images stay sources, with a note saying what to add; media that is
// no image (a video, a tweet, a map) stays a source without one.
func mediaImage(where string, m *Media, size *ImageExtension, field string, ps *problems) *timeline.Image {
	raw := strings.TrimSpace(m.URL)
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.Host == "" || webURL(raw) == "" ||
		!slices.Contains(imageTypes, strings.ToLower(path.Ext(u.Path))) {
		return nil
	}
	img := &timeline.Image{Src: raw, Alt: strings.TrimSpace(PlainText(m.Alt)), Caption: PlainText(m.Caption), Credit: PlainText(m.Credit)}
	switch {
	case size == nil || size.Width < 1 || size.Height < 1:
		ps.note(where, field, "image %q kept as a source: an event's image needs its width and height, which TimelineJS does not record; to show it, add image = { src = …, alt = …, width = …, height = … } to the event", shorten(raw))
		return nil
	case !size.Decorative && img.Alt == "":
		ps.note(where, field, "image %q kept as a source: it has no alt text; to show it, add image = { src = …, alt = \"what it shows\", width = %d, height = %d } to the event", shorten(raw), size.Width, size.Height)
		return nil
	}
	img.Width, img.Height, img.Decorative = size.Width, size.Height, size.Decorative
	if img.Decorative {
		img.Alt = ""
	}
	return img
}

func jsonDateParts(prefix string, d Date) dateParts {
	p := func(name string, v *int) part {
		pt := part{v: v, field: prefix + "." + name}
		if v != nil {
			pt.text = strconv.Itoa(*v)
		}
		return pt
	}
	return dateParts{
		year: p("year", &d.Year), month: p("month", d.Month), day: p("day", d.Day),
		hour: p("hour", d.Hour), minute: p("minute", d.Minute), second: p("second", d.Second),
		millisecond: p("millisecond", d.Millisecond),
	}
}

// mediaSource makes the source of an event from its media, which dateline
// cannot show yet: the address, named by its credit (else its host), with
// its caption as the note. Media that is not at an http(s) address (an
// embed code, a file name) is left out with a note.
func mediaSource(where string, m *Media, field string, ps *problems) []timeline.Source {
	raw := strings.TrimSpace(m.URL)
	if raw == "" {
		return nil
	}
	u := webURL(raw)
	if u == "" {
		ps.note(where, field, "media %q left out: only http(s) addresses can become sources", shorten(raw))
		return nil
	}
	name := PlainText(m.Credit)
	if name == "" {
		name = host(u)
	}
	return []timeline.Source{{Name: name, URL: u, Note: PlainText(m.Caption)}}
}

func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
}

// note records something left out that is no mistake: the import goes on.
func (ps *problems) note(where, field, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if field != "" {
		msg = field + ": " + msg
	}
	ps.notes = append(ps.notes, where+": "+msg)
}

// sheet is a CSV file read into rows, with its header's columns by name.
type sheet struct {
	rows    [][]string
	columns map[string]int // lower-case name → index
	names   map[string]string
}

// readCSV reads a CSV file whose first row names its columns, matched
// without regard to case or surrounding space; other columns are ignored.
func readCSV(data []byte, required []string, ps *problems) *sheet {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1 // spreadsheets drop empty cells at a row's end
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				ps.add(fmt.Sprintf("line %d", pe.Line), "", "not CSV: %v", pe.Err)
			} else {
				ps.add("line 1", "", "not CSV: %v", err)
			}
			return nil
		}
		rows = append(rows, rec)
	}
	if len(rows) == 0 {
		ps.add("row 1", "", "empty file; the first row must name the columns")
		return nil
	}
	sh := &sheet{rows: rows, columns: map[string]int{}, names: map[string]string{}}
	for i, name := range rows[0] {
		key := strings.ToLower(strings.TrimSpace(name))
		if _, dup := sh.columns[key]; !dup && key != "" {
			sh.columns[key] = i
			sh.names[key] = strings.TrimSpace(name)
		}
	}
	for _, name := range required {
		if _, ok := sh.columns[strings.ToLower(name)]; !ok {
			ps.add("row 1", "", "no column %s; the first row must name the columns, among them %s", name, strings.Join(required, ", "))
		}
	}
	if len(ps.list) > 0 {
		return nil
	}
	return sh
}

// cell is the text of a row's column, "" when the row or file lacks it.
func (sh *sheet) cell(row []string, column string) string {
	i, ok := sh.columns[strings.ToLower(column)]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// field names a column in a message as the file spells it.
func (sh *sheet) field(column string) string {
	if n, ok := sh.names[strings.ToLower(column)]; ok {
		return "column " + n
	}
	return "column " + column
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// readSheet reads the TimelineJS Google Sheets template saved as CSV.
func readSheet(data []byte, ps *problems) *input {
	sh := readCSV(data, []string{"Year", "Headline"}, ps)
	if sh == nil {
		return nil
	}
	in := &input{}
	for i, row := range sh.rows[1:] {
		where := fmt.Sprintf("row %d", i+2) // as a spreadsheet numbers it, the header being row 1
		if blank(row) {
			continue
		}
		switch typ := strings.ToLower(sh.cell(row, "Type")); typ {
		case "title":
			if in.titleWhere == "" {
				in.title, in.description, in.titleWhere = sh.cell(row, "Headline"), sh.cell(row, "Text"), where
			} else {
				ps.note(where, "", "a second title row left out")
			}
			continue
		case "era":
			ps.note(where, "", "an era (%q) left out: dateline has no eras", shorten(PlainText(sh.cell(row, "Headline"))))
			continue
		}
		e := entry{where: where, title: PlainText(sh.cell(row, "Headline")), titleField: sh.field("Headline"),
			summary: Markdown(sh.cell(row, "Text")), displayDate: PlainText(sh.cell(row, "Display Date")),
			group: PlainText(sh.cell(row, "Group")), groupField: sh.field("Group"), sourceField: sh.field("Media")}
		e.start = sheetDate(sh, row, where, "", ps)
		e.end = sheetDate(sh, row, where, "End ", ps)
		if m := sh.cell(row, "Media"); m != "" {
			media := &Media{URL: m, Credit: sh.cell(row, "Media Credit"), Caption: sh.cell(row, "Media Caption")}
			mediaImage(where, media, nil, sh.field("Media"), ps) // a sheet has no size: a note, at most
			e.sources = mediaSource(where, media, sh.field("Media"), ps)
		}
		in.entries = append(in.entries, e)
	}
	return in
}

// sheetDate reads the Year, Month, Day and Time columns (with prefix "End "
// for the end) of a row.
func sheetDate(sh *sheet, row []string, where, prefix string, ps *problems) dateParts {
	var d dateParts
	num := func(column string, month bool) part {
		text := sh.cell(row, prefix+column)
		p := part{field: sh.field(prefix + column), text: text}
		if text == "" {
			return p
		}
		if month {
			if m := monthNumber(text); m > 0 {
				p.v = &m
				return p
			}
		}
		n, err := strconv.Atoi(text)
		if whole, ok := strings.CutSuffix(text, ".0"); ok && err != nil {
			n, err = strconv.Atoi(whole) // a spreadsheet may write 1967 as 1967.0
		}
		if err != nil {
			ps.add(where, p.field, "%q is not a whole number", text)
			return p
		}
		p.v = &n
		return p
	}
	d.year, d.month, d.day = num("Year", false), num("Month", true), num("Day", false)
	timeText := sh.cell(row, prefix+"Time")
	// The parts of the time share its cell; a part has its text when it is
	// given, or when the cell could not be read (and was reported).
	field := sh.field(prefix + "Time")
	d.hour, d.minute, d.second = part{field: field}, part{field: field}, part{field: field}
	if timeText != "" {
		h, m, s, ok := clockTime(timeText)
		d.hour.text = timeText
		if !ok {
			ps.add(where, field, "%q is not a time like 16:00, 16:00:30 or 4:00 PM", timeText)
			return d
		}
		d.hour.v, d.minute.v, d.minute.text = &h, &m, timeText
		if s >= 0 {
			d.second.v, d.second.text = &s, timeText
		}
	}
	return d
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// monthNumber reads an English month name or its first three letters
// ("May", "sep", "Sept."), or returns 0.
func monthNumber(s string) int {
	s = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
	for i, name := range monthNames {
		if s == name || len(s) >= 3 && strings.HasPrefix(name, s) {
			return i + 1
		}
	}
	return 0
}

var clockPattern = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([aApP])?\.?\s*(?:[mM]\.?)?$`)

// clockTime reads "16:00", "16:00:30", "4 PM", "4:00 p.m."; s is -1 when
// no seconds are given. The numbers are checked later, with the date.
func clockTime(text string) (h, m, s int, ok bool) {
	g := clockPattern.FindStringSubmatch(strings.TrimSpace(text))
	if g == nil || g[2] == "" && g[4] == "" {
		return 0, 0, 0, false // "16" alone could be anything
	}
	h, _ = strconv.Atoi(g[1])
	m, _ = strconv.Atoi(g[2])
	s = -1
	if g[3] != "" {
		s, _ = strconv.Atoi(g[3])
	}
	switch strings.ToLower(g[4]) {
	case "a":
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		h %= 12
	case "p":
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		h = h%12 + 12
	}
	return h, m, s, true
}

// readSetter reads a TimelineSetter CSV: date, display_date, description,
// link, series, html. TimelineSetter has no titles: an event's title is
// the first sentence of its description.
func readSetter(data []byte, ps *problems) *input {
	sh := readCSV(data, []string{"date", "description"}, ps)
	if sh == nil {
		return nil
	}
	in := &input{}
	for i, row := range sh.rows[1:] {
		where := fmt.Sprintf("row %d", i+2)
		if blank(row) {
			continue
		}
		desc := sh.cell(row, "description")
		e := entry{where: where, title: firstSentence(PlainText(desc)), titleField: sh.field("description"),
			displayDate: PlainText(sh.cell(row, "display_date")), group: PlainText(sh.cell(row, "series")),
			groupField: sh.field("series"), sourceField: sh.field("link"), rawDate: sh.cell(row, "date")}
		// TimelineSetter shows html above the description.
		e.summary = strings.TrimSpace(Markdown(sh.cell(row, "html")) + "\n\n" + Markdown(desc))
		e.start = setterDate(e.rawDate, sh.field("date"), where, ps)
		if l := sh.cell(row, "link"); l != "" {
			if u := webURL(l); u != "" {
				e.sources = []timeline.Source{{Name: host(u), URL: u}}
			} else {
				ps.note(where, sh.field("link"), "%q left out: only http(s) addresses can become sources", shorten(l))
			}
		}
		in.entries = append(in.entries, e)
	}
	return in
}

// firstSentence is a title made of a description: its first sentence, or
// its first words up to about 100 characters.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' && i > 10 {
			s = s[:i+1]
			break
		}
	}
	if r := []rune(s); len(r) > 100 {
		cut := string(r[:100])
		if sp := strings.LastIndexByte(cut, ' '); sp > 40 {
			cut = cut[:sp]
		}
		s = strings.TrimRight(cut, " ,;:") + "…"
	}
	return s
}

var (
	isoDate   = regexp.MustCompile(`^(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$`)
	usDate    = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	wordDate  = regexp.MustCompile(`^([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$`)      // March 20, 2010; March 2010
	dayMonth  = regexp.MustCompile(`^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$`)           // 20 March 2010
	timeAfter = regexp.MustCompile(`^(.*?\d{4}(?:-\d{1,2}-\d{1,2})?)(?:,?\s+|T)(\d.*)$`) // a date, then a time
)

// setterDate reads a TimelineSetter date, written as people write dates:
// "2010-03-20", "3/20/2010" (month first, as TimelineSetter reads it),
// "March 20, 2010", "Mar. 20, 2010 11:59 PM", "20 March 2010", "March
// 2010", "2010".
func setterDate(text, field, where string, ps *problems) (d dateParts) {
	for _, p := range []*part{&d.year, &d.month, &d.day, &d.hour, &d.minute, &d.second} {
		p.field = field
	}
	if text == "" {
		return d
	}
	// Each part has the cell as its text when it is given (see sheetDate).
	defer func() {
		for _, p := range []*part{&d.year, &d.month, &d.day, &d.hour, &d.minute, &d.second} {
			if p.v != nil {
				p.text = text
			}
		}
	}()
	bad := func() dateParts {
		ps.add(where, field, "%q is not a date like 2010-03-20, 3/20/2010, March 20, 2010 or 2010-03-20 16:00", text)
		return dateParts{year: part{field: field, text: text}}
	}
	datePart, clock := text, ""
	if g := timeAfter.FindStringSubmatch(text); g != nil {
		datePart, clock = strings.TrimSpace(g[1]), g[2]
	}
	set := func(p *part, s string) {
		if s != "" {
			n, _ := strconv.Atoi(s)
			p.v = &n
		}
	}
	setMonth := func(name string) bool {
		m := monthNumber(name)
		d.month.v = &m
		return m > 0
	}
	switch {
	case isoDate.MatchString(datePart) && len(strings.SplitN(datePart, "-", 2)[0]) == 4:
		g := isoDate.FindStringSubmatch(datePart)
		set(&d.year, g[1])
		set(&d.month, g[2])
		set(&d.day, g[3])
	case usDate.MatchString(datePart):
		g := usDate.FindStringSubmatch(datePart)
		set(&d.month, g[1])
		set(&d.day, g[2])
		set(&d.year, g[3])
	case wordDate.MatchString(datePart):
		g := wordDate.FindStringSubmatch(datePart)
		if !setMonth(g[1]) {
			return bad()
		}
		set(&d.day, g[2])
		set(&d.year, g[3])
	case dayMonth.MatchString(datePart):
		g := dayMonth.FindStringSubmatch(datePart)
		if !setMonth(g[2]) {
			return bad()
		}
		set(&d.day, g[1])
		set(&d.year, g[3])
	default:
		return bad()
	}
	if clock != "" {
		h, m, s, ok := clockTime(strings.TrimSuffix(clock, "Z"))
		if !ok || d.day.v == nil {
			return bad()
		}
		d.hour.v, d.minute.v = &h, &m
		if s >= 0 {
			d.second.v = &s
		}
	}
	return d
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
