// Command kat prints Merkle tree known answers computed by Go's golang.org/x/mod/sumdb/tlog,
// an implementation independent of Sunlight's, for every tree size up to -max: the root of
// each size, the inclusion proof of every leaf in every size, and the consistency proof
// between every pair of sizes. Leaf i is the decimal text of i.
package main

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"

	"golang.org/x/mod/sumdb/tlog"
)

type hashes map[int64]tlog.Hash

func (h hashes) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		out[i] = h[x]
	}
	return out, nil
}

func hexes(p []tlog.Hash) []string {
	out := []string{}
	for _, h := range p {
		out = append(out, hex.EncodeToString(h[:]))
	}
	return out
}

func main() {
	max := flag.Int64("max", 64, "largest tree size")
	flag.Parse()
	store := hashes{}
	var n int64
	type kat struct {
		Roots       []string              `json:"roots"`
		Inclusion   map[string][]string   `json:"inclusion"`
		Consistency map[string][]string   `json:"consistency"`
	}
	k := kat{Inclusion: map[string][]string{}, Consistency: map[string][]string{}}
	k.Roots = append(k.Roots, hex.EncodeToString(func() []byte { h, _ := tlog.TreeHash(0, store); return h[:] }()))
	for n = 0; n < *max; n++ {
		leaf := []byte(jsonInt(n))
		hs, err := tlog.StoredHashes(n, leaf, store)
		if err != nil {
			panic(err)
		}
		base := tlog.StoredHashIndex(0, n)
		for i, h := range hs {
			store[base+int64(i)] = h
		}
		size := n + 1
		root, err := tlog.TreeHash(size, store)
		if err != nil {
			panic(err)
		}
		k.Roots = append(k.Roots, hex.EncodeToString(root[:]))
	}
	for size := int64(1); size <= *max; size++ {
		for i := int64(0); i < size; i++ {
			p, err := tlog.ProveRecord(size, i, store)
			if err != nil {
				panic(err)
			}
			k.Inclusion[jsonInt(i)+"/"+jsonInt(size)] = hexes(p)
		}
		for old := int64(1); old <= size; old++ {
			p, err := tlog.ProveTree(size, old, store)
			if err != nil {
				panic(err)
			}
			k.Consistency[jsonInt(old)+"/"+jsonInt(size)] = hexes(p)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(k); err != nil {
		panic(err)
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
