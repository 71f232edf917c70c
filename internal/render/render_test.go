package render

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/inflow-learning/inflow/internal/inflow"
)

// attrCheck validates one attribute value; nil accepts any value.
type attrCheck func(val string) error

var reStart = regexp.MustCompile(`^[0-9]{1,9}$`)

// allowed is the independent statement of what rendered HTML may contain,
// checked against the parsed output the way a browser would see it.
var allowed = map[string]map[string]attrCheck{
	"p": nil, "br": nil, "hr": nil, "blockquote": nil, "pre": nil,
	"h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"ul": nil, "li": nil,
	"ol":    {"start": matches(reStart)},
	"table": nil, "thead": nil, "tbody": nil, "tr": nil,
	"th": {"align": oneOf("left", "right", "center")},
	"td": {"align": oneOf("left", "right", "center")},
	"em": nil, "strong": nil, "del": nil,
	"code": {"class": matches(regexp.MustCompile(`^language-[\w+-]+$`))},
	"a":    {"href": checkHref, "title": nil, "rel": oneOf("noopener nofollow noreferrer")},
	"img":  {"src": checkSrc, "alt": nil, "title": nil},
}

func matches(re *regexp.Regexp) attrCheck {
	return func(v string) error {
		if !re.MatchString(v) {
			return fmt.Errorf("%q does not match %s", v, re)
		}
		return nil
	}
}

func oneOf(vals ...string) attrCheck {
	return func(v string) error {
		for _, w := range vals {
			if v == w {
				return nil
			}
		}
		return fmt.Errorf("%q is not one of %q", v, vals)
	}
}

// hasURLNoise reports characters browsers strip or reinterpret in URLs.
func hasURLNoise(v string) bool {
	return strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' || r == '\\' || r == 0x7f })
}

func checkHref(v string) error {
	if hasURLNoise(v) {
		return fmt.Errorf("href %q holds whitespace, control characters or backslashes", v)
	}
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Errorf("href %q: %v", v, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Hostname() == "" || u.User != nil {
			return fmt.Errorf("href %q has no host or has userinfo", v)
		}
	case "mailto":
	default:
		return fmt.Errorf("href %q: scheme %q not allowed", v, u.Scheme)
	}
	return nil
}

func checkSrc(v string) error {
	if hasURLNoise(v) {
		return fmt.Errorf("src %q holds whitespace, control characters or backslashes", v)
	}
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Errorf("src %q: %v", v, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Hostname() == "" || u.User != nil {
			return fmt.Errorf("src %q has no host or has userinfo", v)
		}
	case "":
		if strings.HasPrefix(v, "//") || u.Host != "" {
			return fmt.Errorf("src %q is protocol-relative", v)
		}
	default:
		return fmt.Errorf("src %q: scheme %q not allowed", v, u.Scheme)
	}
	return nil
}

// checkHTML parses out as a browser would (a fragment in <body>) and reports
// every element, attribute or URL outside the allow-list. It also checks the
// token stream, which still works when the tree is too deep for the parser
// (x/net/html stops at 512 open elements; browsers cope).
func checkHTML(out string) []error {
	errs := checkTokens(out)
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(out), body)
	if err != nil {
		if strings.Contains(err.Error(), "open stack of elements exceeds") {
			return errs
		}
		return append(errs, fmt.Errorf("parse output: %v", err))
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			if n.Namespace != "" {
				errs = append(errs, fmt.Errorf("element <%s> in namespace %q", n.Data, n.Namespace))
			}
			errs = append(errs, checkElement(n.Data, n.Attr)...)
		case html.CommentNode, html.DoctypeNode:
			errs = append(errs, fmt.Errorf("unexpected node type %d %q", n.Type, n.Data))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return errs
}

// checkTokens runs checkElement over every start tag the tokenizer sees.
func checkTokens(out string) []error {
	var errs []error
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return errs
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			errs = append(errs, checkElement(tok.Data, tok.Attr)...)
		case html.CommentToken, html.DoctypeToken:
			errs = append(errs, fmt.Errorf("unexpected token %q", z.Raw()))
		}
	}
}

// checkElement checks one element's name and attributes against allowed.
func checkElement(name string, attrs []html.Attribute) []error {
	var errs []error
	checks, ok := allowed[name]
	if !ok {
		errs = append(errs, fmt.Errorf("element <%s> not allowed", name))
	}
	var href bool
	var rel string
	for _, a := range attrs {
		check, ok := checks[a.Key]
		switch {
		case a.Namespace != "" || !ok:
			errs = append(errs, fmt.Errorf("attribute %s on <%s> not allowed", a.Key, name))
		case check != nil:
			if err := check(a.Val); err != nil {
				errs = append(errs, fmt.Errorf("<%s %s>: %v", name, a.Key, err))
			}
		}
		href = href || a.Key == "href"
		if a.Key == "rel" {
			rel = a.Val
		}
	}
	if name == "a" && href && rel != "noopener nofollow noreferrer" {
		errs = append(errs, fmt.Errorf("link with rel %q, want noopener nofollow noreferrer", rel))
	}
	return errs
}

var hostile = []string{
	`<script>alert(1)</script>`,
	"<script>\nalert(1)\n</script>\n",
	`<img src=x onerror=alert(1)>`,
	`text <img src="x" onerror="alert(1)"> inline`,
	`[x](javascript:alert(1))`,
	`[x](JaVaScRiPt:alert(1))`,
	`[x](  javascript:alert(1) )`,
	`[x](<javascript:alert(1)>)`,
	`[x](java&#115;cript:alert(1))`,
	`[x](java&#x73;cript:alert(1))`,
	`[x](&#106;avascript:alert(1))`,
	`[x](javascript&colon;alert(1))`,
	`[x](java%73cript:alert(1))`,
	`[x](java\script:alert(1))`,
	"[x](java\tscript:alert(1))",
	`[x](vbscript:msgbox(1))`,
	`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[x](file:///etc/passwd)`,
	`[x](//evil.example/)`,
	`[x](http://)`,
	`[x](https:///evil.example)`,
	`[x](http://@evil.example)`,
	`[x](http://:80/)`,
	`[x](http://user:pw@evil.example/)`,
	`![x](https://user@evil.example/x.png)`,
	`![x](http://)`,
	`[x](/relative/path)`,
	`[x](#frag)`,
	`[ref]` + "\n\n" + `[ref]: javascript:alert(1)`,
	`[ref][r]` + "\n\n" + `[r]: <javascript:alert(1)> "t"`,
	`<javascript:alert(1)>`,
	`<JAVASCRIPT:alert(1)>`,
	`<vbscript:alert(1)>`,
	`<data:text/html,<script>alert(1)</script>>`,
	`javascript:alert(1)`,
	`www.javascript:alert(1).com`,
	`http://a.b/"onmouseover="alert(1)`,
	`<https://a.b/" onmouseover="alert(1)>`,
	`[x](https://a.b/"onmouseover="alert(1))`,
	`[x](https://a.b "title\" onmouseover=\"alert(1)")`,
	`![x](javascript:alert(1))`,
	`![x](data:image/png;base64,iVBORw0KGgo=)`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`![x](//evil.example/pixel.gif)`,
	`![x](/\evil.example/pixel.gif)`,
	`![x](\\evil.example/pixel.gif)`,
	`![x](< //evil.example/pixel.gif>)`,
	`![x" onerror="alert(1)](https://a.b/i.png)`,
	`![x](https://a.b/i.png "t\" onerror=\"alert(1)")`,
	`<iframe src="https://evil.example"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>">`,
	`<object data="x.swf"></object><embed src="x.swf">`,
	`<form action="https://evil.example"><input name=a><button>go</button></form>`,
	`<svg onload=alert(1)>`,
	`<svg><script>alert(1)</script></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<style>body{display:none}</style>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<a href="https://ok.example" onclick="alert(1)">x</a>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<p id="x" class="y">clobber</p>`,
	`<base href="https://evil.example/">`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<link rel="stylesheet" href="https://evil.example/x.css">`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`&#60;script&#62;alert(1)&#60;/script&#62;`,
	`\<script>alert(1)\</script>`,
	"`<script>alert(1)</script>`",
	"```\n<script>alert(1)</script>\n```",
	"```\"><script>alert(1)</script>\nx\n```",
	"```js onclick=alert(1)\nx\n```",
	"```language-x\" onclick=\"alert(1)\nx\n```",
	"```c#\nx\n```",
	"<!-- <script>alert(1)</script> -->",
	"<![CDATA[<script>alert(1)</script>]]>",
	"<?php echo 1 ?>",
	"<scr<script>ipt>alert(1)</script>",
	"<<script>script>alert(1)<</script>/script>",
	"<img src=`x`onerror=alert(1)>",
	"<img/src=x/onerror=alert(1)>",
	"<IMG SRC=\"jav&#x09;ascript:alert(1);\">",
	"- [x] <input type=checkbox onclick=alert(1)>",
	"| a | b |\n|---|---|\n| <script>x</script> | [y](javascript:z) |",
	"> <iframe src=x>\n> [q](vbscript:x)",
	"* [a](javascript:alert(1))\n  * ![b](javascript:alert(1))",
	"# <svg/onload=alert(1)>",
	"[![img](javascript:x)](javascript:y)",
	"[<img src=x onerror=alert(1)>](https://ok.example)",
	"[x](https://ok.example)[y](mailto:a@b.c)[z](MAILTO:a@b.c)[w](tel:123)",
	"a\x00b<scr\x00ipt>alert(1)</script>",
	"\xff\xfe<script>alert(1)</script>",
	strings.Repeat("[", 5000) + "x" + strings.Repeat("](javascript:a)", 5000),
	strings.Repeat("> ", 1000) + "<script>deep</script>",
	strings.Repeat("*", 10000),
}

func TestMarkdownHostile(t *testing.T) {
	for i, in := range hostile {
		out, err := Markdown(in)
		if err != nil {
			t.Errorf("#%d %.60q: %v", i, in, err)
			continue
		}
		for _, e := range checkHTML(out) {
			t.Errorf("#%d %.60q: %v\noutput: %.300s", i, in, e, out)
		}
		low := strings.ToLower(out)
		for _, bad := range []string{"<script", "javascript:", "vbscript:", "data:", "onerror", "onload", "onclick", "<iframe", "<svg", "<form", "<input", "<style"} {
			// Escaped text such as &lt;script&gt; is fine; a raw "<" before
			// a tag name or an executable URL in an attribute is not.
			if strings.Contains(low, bad) && (strings.HasPrefix(bad, "<") || strings.Contains(low, `="`+bad)) {
				t.Errorf("#%d %.60q: output contains %q: %.300s", i, in, bad, out)
			}
		}
	}
}

func TestMarkdownKeeps(t *testing.T) {
	cases := []struct{ in, want string }{
		{"# Title", "<h1>Title</h1>"},
		{"###### Six", "<h6>Six</h6>"},
		{"*a* **b** ~~c~~ `d`", "<p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code></p>"},
		{"```go\nx := 1\n```", `<pre><code class="language-go">x := 1` + "\n</code></pre>"},
		{"```c++\nx\n```", `<code class="language-c++">`},
		{"```c#\nx\n```", "<pre><code>x\n</code></pre>"},
		{"[a](https://example.com/x?y=1&z=2)", `<a href="https://example.com/x?y=1&amp;z=2" rel="noopener nofollow noreferrer">a</a>`},
		{"[a](mailto:me@example.com)", `<a href="mailto:me@example.com" rel="noopener nofollow noreferrer">a</a>`},
		{"<https://example.com>", `<a href="https://example.com" rel="noopener nofollow noreferrer">https://example.com</a>`},
		{"see www.example.com now", `<a href="http://www.example.com" rel="noopener nofollow noreferrer">www.example.com</a>`},
		{"[a](javascript:alert(1))", "<p>a</p>"},
		{"![cat](https://example.com/c.png \"Cat\")", `<img src="https://example.com/c.png" alt="cat" title="Cat">`},
		{"![cat](img/c.png)", `<img src="img/c.png" alt="cat">`},
		{"- [x] done\n- [ ] todo", "<li>\u2611 done</li>\n<li>\u2610 todo</li>"},
		{"| a | b |\n|:-:|--:|\n| 1 | 2 |", `<th align="center">a</th>`},
		{"3. c\n4. d", `<ol start="3">`},
		{"> q", "<blockquote>\n<p>q</p>\n</blockquote>"},
		{"a\n\n---\n\nb", "<hr>"},
		{"a  \nb", "a<br>\nb"},
		{"<b>raw</b> html", "<p>raw html</p>"},
		{"<script>alert(1)</script>", ""},
		{"x &amp; &lt;y&gt;", "<p>x &amp; &lt;y&gt;</p>"},
	}
	for _, c := range cases {
		out, err := Markdown(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if c.want == "" && strings.TrimSpace(out) != "" || !strings.Contains(out, c.want) {
			t.Errorf("%q:\n got %q\nwant %q", c.in, out, c.want)
		}
		for _, e := range checkHTML(out) {
			t.Errorf("%q: %v", c.in, e)
		}
	}
}

func TestMarkdownTooLarge(t *testing.T) {
	_, err := Markdown(strings.Repeat("a", inflow.MaxBodyLen+1))
	if inflow.ErrorCode(err) != inflow.ETOOLARGE {
		t.Fatalf("err = %v, want %s", err, inflow.ETOOLARGE)
	}
}

func TestMarkdownConcurrent(t *testing.T) {
	r := New()
	want, _ := r.HTML(typicalItem)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got, err := r.HTML(typicalItem)
				if err != nil || got != want {
					t.Errorf("concurrent render differs: %v", err)
					return
				}
				_ = r.PlainText(typicalItem)
			}
		})
	}
	wg.Wait()
}

func TestPlainText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"# Heading *one*", "Heading one"},
		{"## Two ##", "Two"},
		{"Setext\n======", "Setext"},
		{"- one\n- two\n  * nested", "one\ntwo\nnested"},
		{"1. first\n2) second", "first\nsecond"},
		{"- [x] done\n- [ ] todo", "done\ntodo"},
		{"*em* _em_ **strong** __strong__ ~~del~~", "em em strong strong del"},
		{"[label](https://example.com/secret-url \"title\")", "label"},
		{"![alt text](https://example.com/i.png)", "alt text"},
		{"[ref]\n\n[ref]: https://example.com/x", "ref"},
		{"<https://example.com/a> and www.example.org", "https://example.com/a and www.example.org"},
		{"Use `tar -xf` now", "Use tar -xf now"},
		{"```sh\ntar xf file.tar\nls -l\n```", "tar xf file.tar\nls -l"},
		{"    indented code\n    more", "indented code\nmore"},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "a b\n1 2"},
		{"> quoted *text*", "quoted text"},
		{"x &amp; y &#35; \\*z\\*", "x & y # *z*"},
		{"a <b>bold</b> c", "a bold c"},
		{"<div>\nblock html\n</div>\n\nafter", "after"},
		{"line one\nline two", "line one\nline two"},
		{"para one\n\n\n\npara two", "para one\npara two"},
		{"a\n\n---\n\nb", "a\nb"},
		{"- E[x]tract {{path}}", "E[x]tract {{path}}"},
	}
	for _, c := range cases {
		if got := PlainText(c.in); got != c.want {
			t.Errorf("PlainText(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// typicalItem is a 2 KB item body in the shape packs use.
var typicalItem = `# Extract a tar archive

> Archiving utility. Often combined with a compression method, such as ` + "`gzip`" + ` or ` + "`bzip2`" + `.
> More information: <https://www.gnu.org/software/tar/manual/tar.html>.

Tar collects many files into one **archive** and can _compress_ it on the way.
See the [manual](https://www.gnu.org/software/tar/manual/) for every option.

## Key points

- [x] ` + "`x`" + ` extracts, ` + "`c`" + ` creates, ` + "`t`" + ` lists
- [ ] ` + "`f`" + ` names the archive file and must come last
- ` + "`z`" + `, ` + "`j`" + ` and ` + "`J`" + ` pick gzip, bzip2 and xz

## Examples

1. Create an archive and write it to a file:

   ` + "```sh" + `
   tar cf target.tar file1 file2
   ` + "```" + `

2. Extract a compressed archive into the current directory, verbosely:

   ` + "```sh" + `
   tar xvf source.tar.gz
   ` + "```" + `

3. Extract into another directory:

   ` + "```sh" + `
   tar xf source.tar -C path/to/directory
   ` + "```" + `

| Flag | Meaning            | Example          |
|:-----|:-------------------|-----------------:|
| x    | extract            | ` + "`tar xf a.tar`" + `  |
| c    | create             | ` + "`tar cf a.tar .`" + ` |
| t    | list contents      | ` + "`tar tf a.tar`" + `  |
| v    | verbose            | ` + "`tar xvf a.tar`" + ` |
| z    | gzip (de)compress  | ` + "`tar xzf a.tgz`" + ` |

> **Tip:** ~~always~~ usually put ` + "`f`" + ` last, because the next word is the file name.
> Modern GNU tar detects compression on extract, so ` + "`z`" + ` is optional there.

---

Older systems may need ` + "`gzip -dc a.tar.gz | tar xf -`" + ` instead; pipes work everywhere.
Remember that tar keeps permissions and owners when run as root, which is
what you want for backups and not what you want for downloads from strangers.
`

// TestCheckHTMLCatches makes sure the checker itself is not vacuous.
func TestCheckHTMLCatches(t *testing.T) {
	bad := []string{
		`<script>x</script>`,
		`<img src=x onerror=y>`,
		`<a href="javascript:x" rel="noopener nofollow noreferrer">x</a>`,
		`<a href=" javascript:x" rel="noopener nofollow noreferrer">x</a>`,
		`<a href="https://ok.example">no rel</a>`,
		`<a href="/relative" rel="noopener nofollow noreferrer">x</a>`,
		`<img src="//evil.example/x">`,
		`<img src="data:image/png;base64,AAAA">`,
		`<code class="x">c</code>`,
		`<p style="x">p</p>`,
		`<svg></svg>`,
		`<math><mi>x</mi></math>`,
		`<!-- c -->`,
		`<iframe></iframe>`,
		`<input type=checkbox>`,
		`<p><form></form></p>`,
	}
	for _, s := range bad {
		if len(checkHTML(s)) == 0 {
			t.Errorf("checkHTML(%q) found nothing", s)
		}
	}
	if errs := checkHTML(`<p><a href="https://ok.example/" rel="noopener nofollow noreferrer">ok</a> <img src="a/b.png" alt=""></p>`); len(errs) > 0 {
		t.Errorf("checkHTML flags safe HTML: %v", errs)
	}
}
