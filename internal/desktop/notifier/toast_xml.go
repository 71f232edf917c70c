package notifier

import (
	"encoding/xml"
	"net/url"
	"time"
)

// This file builds Windows toast XML and its activation arguments. It has no
// build tag so its tests run everywhere; only notifier_windows.go uses it.

// longToastAfter is the Timeout from which a toast uses Windows's "long"
// duration (about 25 s) instead of "short" (about 7 s).
const longToastAfter = 10 * time.Second

// Toast XML, see
// https://learn.microsoft.com/en-us/uwp/schemas/tiles/toastschema/schema-root.
// encoding/xml escapes every text and attribute; go-toast's own template
// (text/template) does not, so a "<" or "&" in a label would break it.
type (
	toastDoc struct {
		XMLName        xml.Name      `xml:"toast"`
		ActivationType string        `xml:"activationType,attr"`
		Launch         string        `xml:"launch,attr"`
		Duration       string        `xml:"duration,attr,omitempty"`
		Binding        toastBinding  `xml:"visual>binding"`
		Actions        []toastAction `xml:"actions>action,omitempty"`
	}
	toastBinding struct {
		Template string      `xml:"template,attr"`
		Image    *toastImage `xml:"image,omitempty"`
		Text     []string    `xml:"text"`
	}
	toastImage struct {
		Placement string `xml:"placement,attr"`
		Src       string `xml:"src,attr"`
	}
	toastAction struct {
		ActivationType string `xml:"activationType,attr"`
		Content        string `xml:"content,attr"`
		Arguments      string `xml:"arguments,attr"`
	}
)

// toastXML describes note as notification id of this run (session). A click
// on a button hands back toastArgs(session, id, key); a click on the body
// the same with DefaultActionKey.
func toastXML(session, icon, id string, note Notification) (string, error) {
	doc := toastDoc{
		ActivationType: "foreground",
		Launch:         toastArgs(session, id, DefaultActionKey),
		Binding:        toastBinding{Template: "ToastGeneric", Text: []string{note.Title}},
	}
	if note.Body != "" {
		doc.Binding.Text = append(doc.Binding.Text, note.Body)
	}
	if icon != "" {
		doc.Binding.Image = &toastImage{Placement: "appLogoOverride", Src: icon}
	}
	switch {
	case note.Timeout >= longToastAfter:
		doc.Duration = "long"
	case note.Timeout > 0:
		doc.Duration = "short"
	}
	for _, a := range note.Actions {
		if a.Key == DefaultActionKey {
			continue // the body click (Launch) reports it, as on freedesktop servers
		}
		doc.Actions = append(doc.Actions, toastAction{
			ActivationType: "foreground",
			Content:        a.Label,
			Arguments:      toastArgs(session, id, a.Key),
		})
	}
	b, err := xml.Marshal(doc)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// toastArgs encodes which notification and action a click is about.
func toastArgs(session, id, key string) string {
	return url.Values{"s": {session}, "id": {id}, "key": {key}}.Encode()
}

// parseToastArgs decodes toastArgs, rejecting anything from another run or
// another program.
func parseToastArgs(args, session string) (id, key string, ok bool) {
	q, err := url.ParseQuery(args)
	if err != nil || q.Get("s") != session || q.Get("id") == "" || q.Get("key") == "" {
		return "", "", false
	}
	return q.Get("id"), q.Get("key"), true
}
