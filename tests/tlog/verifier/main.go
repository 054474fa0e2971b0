// Command tlogverify checks a Sunlight log with Go's golang.org/x/mod/sumdb/note and
// golang.org/x/mod/sumdb/tlog: an implementation of signed notes and RFC 6962/9162 tiled
// logs written independently of Sunlight. It reads only the public C2SP endpoints.
//
//	tlogverify -url URL -key VKEY [-samples N | -all] [-state FILE] [-checkpoints FILE]
//
// It verifies the checkpoint signature, that the tiles hash to the signed root, inclusion
// of sampled (or all) entries read from entry bundles, consistency with the checkpoint in
// -state (then stores the new one there), and consistency with every signed checkpoint in
// -checkpoints (one note per JSON string line). Exit status 0 means everything verified.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var base string

func get(path string) []byte {
	resp, err := http.Get(base + path)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		fail("GET %s: status %d %v", path, resp.StatusCode, err)
	}
	return body
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogverify: "+format+"\n", args...)
	os.Exit(1)
}

// c2spPath turns Go's tile path "tile/8/L/NNN[.p/W]" into C2SP's "tile/L/NNN[.p/W]"
// (C2SP tlog-tiles fixes the height at 8 and leaves it out).
func c2spPath(t tlog.Tile) string {
	if t.H != 8 {
		fail("unexpected tile height %d", t.H)
	}
	p := t.Path()
	return "tile/" + strings.TrimPrefix(p, "tile/8/")
}

type tileReader struct{}

func (tileReader) Height() int { return 8 }
func (tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		out[i] = get("/log/" + c2spPath(t))
	}
	return out, nil
}
func (tileReader) SaveTiles([]tlog.Tile, [][]byte) {}

type checkpoint struct {
	origin string
	tree   tlog.Tree
}

func open(text []byte, verifier note.Verifier) checkpoint {
	n, err := note.Open(text, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		fail("malformed checkpoint body %q", n.Text)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("malformed tree size %q", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		fail("malformed root hash %q", lines[2])
	}
	var h tlog.Hash
	copy(h[:], root)
	if lines[0] != verifier.Name() {
		fail("origin %q does not match key name %q", lines[0], verifier.Name())
	}
	return checkpoint{lines[0], tlog.Tree{N: size, Hash: h}}
}

func bundle(index, width int64) [][]byte {
	t := tlog.Tile{H: 8, L: 0, N: index, W: int(width)}
	path := "tile/entries/" + strings.TrimPrefix(t.Path(), "tile/8/0/")
	data := get("/log/" + path)
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			fail("truncated bundle %s", path)
		}
		n := int(data[0])<<8 | int(data[1])
		if len(data) < 2+n {
			fail("truncated bundle %s", path)
		}
		entries = append(entries, data[2:2+n])
		data = data[2+n:]
	}
	if int64(len(entries)) != width {
		fail("bundle %s has %d entries, want %d", path, len(entries), width)
	}
	return entries
}

func main() {
	url := flag.String("url", "", "base URL of the log")
	vkey := flag.String("key", "", "verifier key")
	samples := flag.Int("samples", 16, "random entries to check")
	all := flag.Bool("all", false, "check every entry")
	state := flag.String("state", "", "file with the last verified checkpoint note")
	checkpoints := flag.String("checkpoints", "", "file of earlier signed checkpoints, one JSON string per line")
	flag.Parse()
	base = strings.TrimRight(*url, "/")
	verifier, err := note.NewVerifier(*vkey)
	if err != nil {
		fail("key: %v", err)
	}

	current := get("/log/checkpoint")
	cp := open(current, verifier)
	tree := cp.tree
	hr := tlog.TileHashReader(tree, tileReader{})
	if tree.N > 0 {
		h, err := tlog.TreeHash(tree.N, hr)
		if err != nil || h != tree.Hash {
			fail("tiles do not hash to the signed root: %v", err)
		}
	}

	check := func(i int64, entries map[int64][][]byte) {
		b := i / 256
		if _, ok := entries[b]; !ok {
			w := tree.N - b*256
			if w > 256 {
				w = 256
			}
			entries[b] = bundle(b, w)
		}
		leaf := tlog.RecordHash(entries[b][i%256])
		p, err := tlog.ProveRecord(tree.N, i, hr)
		if err != nil {
			fail("inclusion proof for %d: %v", i, err)
		}
		if err := tlog.CheckRecord(p, tree.N, tree.Hash, i, leaf); err != nil {
			fail("entry %d not included: %v", i, err)
		}
	}
	entries := map[int64][][]byte{}
	checked := 0
	if *all {
		for i := int64(0); i < tree.N; i++ {
			check(i, entries)
			checked++
		}
	} else if tree.N > 0 {
		for k := 0; k < *samples; k++ {
			check(rand.Int63n(tree.N), entries)
			checked++
		}
	}

	consistent := func(old checkpoint, what string) {
		if old.tree.N > tree.N {
			fail("%s: log shrank from %d to %d", what, old.tree.N, tree.N)
		}
		if old.tree.N == 0 {
			return
		}
		p, err := tlog.ProveTree(tree.N, old.tree.N, hr)
		if err != nil {
			fail("%s: consistency proof: %v", what, err)
		}
		if err := tlog.CheckTree(p, tree.N, tree.Hash, old.tree.N, old.tree.Hash); err != nil {
			fail("%s: size %d is not a prefix of size %d: %v", what, old.tree.N, tree.N, err)
		}
	}
	older := 0
	if *state != "" {
		if text, err := os.ReadFile(*state); err == nil {
			consistent(open(text, verifier), "state")
			older++
		}
	}
	if *checkpoints != "" {
		f, err := os.Open(*checkpoints)
		if err != nil {
			fail("%v", err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var text string
			if err := json.Unmarshal(sc.Bytes(), &text); err != nil {
				fail("checkpoints file: %v", err)
			}
			consistent(open([]byte(text), verifier), "checkpoint")
			older++
		}
	}
	if *state != "" {
		if err := os.WriteFile(*state, current, 0o644); err != nil {
			fail("%v", err)
		}
	}
	fmt.Printf("tlogverify: OK size=%d entries=%d consistent-with=%d\n", tree.N, checked, older)
}
