package importer

import "strings"

// defaultLanguage is the language of items whose pack and front matter do
// not name one.
const defaultLanguage = "en"

// normalizeLanguage checks that s looks like a BCP 47 language tag and
// returns it in canonical case: "pt_br" and "PT-BR" become "pt-BR",
// "zh-hant-tw" becomes "zh-Hant-TW". The first subtag must be 2 to 8 ASCII
// letters; later ones 1 to 8 ASCII letters or digits, separated by "-" or "_".
func normalizeLanguage(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 35 {
		return "", false
	}
	parts := strings.Split(strings.ReplaceAll(s, "_", "-"), "-")
	for i, p := range parts {
		if len(p) == 0 || len(p) > 8 {
			return "", false
		}
		letters, alnum := true, true
		for j := 0; j < len(p); j++ {
			c := p[j]
			isLetter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
			letters = letters && isLetter
			alnum = alnum && (isLetter || c >= '0' && c <= '9')
		}
		switch {
		case i == 0 && (!letters || len(p) < 2):
			return "", false
		case !alnum:
			return "", false
		case i > 0 && len(p) == 2 && letters:
			parts[i] = strings.ToUpper(p) // region
		case i > 0 && len(p) == 4 && letters:
			parts[i] = strings.ToUpper(p[:1]) + strings.ToLower(p[1:]) // script
		default:
			parts[i] = strings.ToLower(p)
		}
	}
	return strings.Join(parts, "-"), true
}
