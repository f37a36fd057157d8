package sitegen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The vocabulary of generated text. Names are invented; places are real
// cities, a few with letters outside ASCII so that slugs and escaping see
// them. Every list is fixed, so the same seed always gives the same text.
var (
	genTags = []string{
		"trade", "elections", "climate", "health", "space", "energy", "law", "transport",
		"housing", "education", "agriculture", "fisheries", "labour", "finance", "defence",
		"diplomacy", "culture", "sport", "science", "technology", "water", "forests",
		"tourism", "migration", "media", "courts", "budget", "ports", "rail", "aviation",
		"weather", "earthquakes", "floods", "wildfires", "mining", "telecoms", "banking",
		"pensions", "prisons", "museums",
	}
	genPeople = []string{
		"Amara Okafor", "Bruno Salgado", "Chen Weiling", "Dagny Holm", "Elif Aydın", "Farid Haddad",
		"Greta Lindqvist", "Hiroshi Tanabe", "Ines Moreau", "Jonas Petrauskas", "Kalani Akana",
		"Lucía Ferreira", "Mateo Rossi", "Nadia Benali", "Oskar Nowak", "Priya Raman", "Quentin Dubois",
		"Rania Saleh", "Sven Aaltonen", "Tamar Levi", "Uche Nwosu", "Valentina Cruz", "Wei Jian",
		"Ximena Rojas", "Yusuf Demir", "Zofia Kowalczyk", "Anders Berg", "Beatriz Lopes", "Cyrus Tehrani",
		"Dilnoza Karimova", "Emeka Eze", "Fatima Zahra", "Gao Min", "Hana Novak", "Ivan Petrov",
		"Jae-won Park", "Keira Walsh", "Liam O'Connor", "Mariam Tadesse", "Niko Virtanen",
		"Olga Sørensen", "Pedro Alves", "Rahel Bekele", "Sofia Marino", "Tomás Herrera", "Una Byrne",
		"Vikram Sethi", "Wanjiru Kamau", "Yara Nassar", "Zhou Lan",
	}
	genPlaces = []place{
		{"Osaka", 34.6937, 135.5023}, {"Lagos", 6.5244, 3.3792}, {"Lima", -12.0464, -77.0428},
		{"Oslo", 59.9139, 10.7522}, {"Perth", -31.9523, 115.8613}, {"Nairobi", -1.2921, 36.8219},
		{"Porto", 41.1579, -8.6291}, {"Quito", -0.1807, -78.4678}, {"Tallinn", 59.437, 24.7536},
		{"Hanoi", 21.0278, 105.8342}, {"Tbilisi", 41.7151, 44.8271}, {"Valparaíso", -33.0472, -71.6127},
		{"Kraków", 50.0647, 19.945}, {"Montréal", 45.5017, -73.5673}, {"Reykjavík", 64.1466, -21.9426},
		{"Accra", 5.6037, -0.187}, {"Busan", 35.1796, 129.0756}, {"Cusco", -13.5319, -71.9675},
		{"Dakar", 14.7167, -17.4677}, {"Gdańsk", 54.352, 18.6466}, {"Hobart", -42.8821, 147.3272},
		{"Izmir", 38.4237, 27.1428}, {"Kochi", 9.9312, 76.2673}, {"Mombasa", -4.0435, 39.6682},
	}
	orgs = []string{
		"the transport ministry", "the central bank", "the port authority", "the city council",
		"the national weather service", "a regional court", "the electoral commission",
		"the health agency", "the rail operator", "the space agency", "the dockworkers' union",
		"the energy regulator", "the statistics office", "the coastguard", "the university senate",
		"the chamber of commerce", "the water board", "the forestry service",
	}
	reportVerbs = []string{"said", "confirmed", "announced", "told reporters", "reported", "denied", "suggested", "warned"}
	topics      = []string{
		"the new timetable", "next year's budget", "the repairs to the northern line", "the contract for the bridge",
		"the agreement on fishing rights", "the vaccination campaign", "the recount", "the launch window",
		"the wage talks", "the price of electricity", "the flood defences", "the new terminal",
		"the school building programme", "the tariff cut", "the court's ruling", "the census results",
		"the merger", "the reservoir project",
	}
	modals   = []string{"would", "might", "could", "was expected to", "was unlikely to"}
	outcomes = []string{
		"be delayed", "go ahead as planned", "cost more than forecast", "be reviewed", "be signed within weeks",
		"face a legal challenge", "need a second vote", "be scaled back", "start earlier than planned",
	}
	timings = []string{
		"by the end of the month", "before the winter", "next spring", "within days", "after the summer recess",
		"later that year", "before the election", "by the autumn",
	}
	moods  = []string{"tense", "cautiously hopeful", "jubilant", "subdued", "impatient", "quietly relieved"}
	quotes = []string{
		"we have done what we promised", "this is only the first step", "nobody should be surprised",
		"the numbers speak for themselves", "we will keep talking for as long as it takes",
		"the work starts tomorrow", "we owe people a straight answer",
	}
	outlets = []string{
		"Harbour Gazette", "Evening Ledger", "Northern Wire", "The Daily Almanac", "Civic Radio",
		"Coastal Herald", "Metro Bulletin", "Plains Observer",
	}
	ordinals = []string{"first", "second", "third", "fourth", "fifth"}
	headings = []string{
		"Background", "What happened", "Reactions", "What comes next", "The numbers", "How we got here",
		"Who is affected", "Open questions",
	}
	sentenceForms = []string{
		"{Org} {said} that {topic} {would} {outcome}.",
		"According to {outlet}, {person} met officials in {place} {when}.",
		"The decision followed {n} weeks of talks between {org} and {org2}.",
		"Critics argued that {topic} had been *rushed*, while supporters called it overdue.",
		"Local papers in {place} described the mood as {mood}.",
		"{Person} told a press conference: \"{Quote}.\"",
		"Figures published by {org} put the cost at {n} million.",
		"The full statement is on [the {outlet} site]({url}).",
		"It was the {ordinal} such announcement {when}.",
		"Observers in {place} noted that **turnout** was higher than in previous years.",
		"No one from {org} was available to comment on {topic}.",
		"Earlier reports that {topic} {would} {outcome} were later corrected.",
		"{Person} and {person2} are expected to meet again in {place}.",
		"Bad weather held up work in {place} for {n} days.",
		"{Outlet} reported that {topic} {would} {outcome}, citing *two people familiar with the matter*.",
	}
)

// place is a city with its coordinates.
type place struct {
	name     string
	lat, lon float64
}

// prose writes text from the fixed vocabulary, driven by one seeded source.
type prose struct{ r *rand.Rand }

// newProse seeds a writer from an item's kind and number, so that every item
// can be generated on its own, in any order, always the same.
func newProse(kind, n int) prose {
	return prose{rand.New(rand.NewPCG(uint64(kind), uint64(n)))}
}

func (p prose) pick(list []string) string { return list[p.r.IntN(len(list))] }

// chance is true with probability num/den.
func (p prose) chance(num, den int) bool { return p.r.IntN(den) < num }

// between is a number from lo to hi inclusive.
func (p prose) between(lo, hi int) int { return lo + p.r.IntN(hi-lo+1) }

// sentence fills one sentence form, picked at random.
func (p prose) sentence() string {
	form := p.pick(sentenceForms)
	var b strings.Builder
	for {
		open := strings.IndexByte(form, '{')
		if open < 0 {
			b.WriteString(form)
			break
		}
		end := open + strings.IndexByte(form[open:], '}')
		b.WriteString(form[:open])
		b.WriteString(p.slot(form[open+1 : end]))
		form = form[end+1:]
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// slot is the text for one {name} of a sentence form; a capitalised name
// asks for a capitalised word.
func (p prose) slot(name string) string {
	var s string
	switch strings.ToLower(name) {
	case "org", "org2":
		s = p.pick(orgs)
	case "said":
		s = p.pick(reportVerbs)
	case "topic":
		s = p.pick(topics)
	case "would":
		s = p.pick(modals)
	case "outcome":
		s = p.pick(outcomes)
	case "when":
		s = p.pick(timings)
	case "mood":
		s = p.pick(moods)
	case "quote":
		s = p.pick(quotes)
	case "outlet":
		s = p.pick(outlets)
	case "person", "person2":
		s = p.pick(genPeople)
	case "place":
		s = genPlaces[p.r.IntN(len(genPlaces))].name
	case "ordinal":
		s = p.pick(ordinals)
	case "n":
		s = fmt.Sprint(p.between(2, 90))
	case "url":
		s = p.url()
	default:
		panic("sitegen: unknown slot " + name)
	}
	if name[0] >= 'A' && name[0] <= 'Z' {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// url is an https address of a story on some outlet's site.
func (p prose) url() string { return p.urlAt(p.pick(outlets)) }

// urlAt is an https address of a story on outlet's (example) site.
// slugChars makes a topic a URL path segment. Built once: a Replacer
// builds its tables on first use, which for one a call was most of the
// generator's allocations.
var slugChars = strings.NewReplacer(" ", "-", "'", "")

func (p prose) urlAt(outlet string) string {
	host := strings.ReplaceAll(strings.ToLower(outlet), " ", "-")
	story := slugChars.Replace(p.pick(topics))
	return fmt.Sprintf("https://%s.example.org/%d/%s", host, p.between(1990, 2025), story)
}

// paragraph is n sentences.
func (p prose) paragraph(n int) string {
	s := make([]string, n)
	for i := range s {
		s[i] = p.sentence()
	}
	return strings.Join(s, " ")
}

// summary is an event's Markdown: two or three short paragraphs, now and
// then with a list of points.
func (p prose) summary() string {
	paras := make([]string, p.between(2, 3))
	for i := range paras {
		paras[i] = p.paragraph(p.between(2, 3))
	}
	if p.chance(1, 5) {
		paras = append(paras, p.list("- ", p.between(2, 3)))
	}
	return strings.Join(paras, "\n\n")
}

// list is a Markdown list of n short points, each line starting with marker
// ("- " or "1. ").
func (p prose) list(marker string, n int) string {
	items := make([]string, n)
	for i := range items {
		item := strings.TrimSuffix(p.sentence(), ".")
		items[i] = marker + item
	}
	return strings.Join(items, "\n")
}

// articleBody is a few hundred words of Markdown: an introduction, then
// sections under headings with a list, a blockquote, links and emphasis.
func (p prose) articleBody() string {
	var parts []string
	parts = append(parts, p.paragraph(p.between(3, 4)), p.paragraph(p.between(2, 4)))
	used := map[string]bool{}
	for s := range p.between(2, 3) {
		h := p.pick(headings)
		for used[h] {
			h = p.pick(headings)
		}
		used[h] = true
		parts = append(parts, "## "+h, p.paragraph(p.between(2, 4)))
		switch s {
		case 0:
			parts = append(parts, "Three points stood out:", p.list("- ", 3))
		case 1:
			q := p.pick(quotes)
			parts = append(parts, fmt.Sprintf("> %s%s.\n>\n> — %s", strings.ToUpper(q[:1]), q[1:], p.pick(genPeople)), p.paragraph(2))
		default:
			parts = append(parts, p.list("1. ", p.between(2, 4)))
		}
	}
	parts = append(parts, fmt.Sprintf("More on this from [%s](%s) and *%s*.", p.pick(outlets), p.url(), p.pick(outlets)))
	return strings.Join(parts, "\n\n")
}
