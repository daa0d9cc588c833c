package subset

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Balanced returns the first perClass images of each class, keeping file
// order (classes stay interleaved as in s). A class with fewer images gives
// all it has, and the returned notes describe each shortfall; notes is empty
// when every class was filled. perClass <= 0 selects the whole set.
func Balanced(s *Set, perClass int) (*Set, []string) {
	shards, notes := selectShards(s, []int{perClass}, nil)
	return shards[0], notes
}

// BalancedSample is Balanced with a seeded random choice of perClass images
// per class instead of the first ones. The chosen images keep file order.
// The same seed always gives the same selection, on every platform.
func BalancedSample(s *Set, perClass int, seed uint64) (*Set, []string) {
	shards, notes := selectShards(s, []int{perClass}, &seed)
	return shards[0], notes
}

// Shards splits s into cumulative class-balanced training shards. sizes are
// the cumulative training-set sizes the page offers, e.g. 1000, 5000, 10000:
// shard 0 holds the first sizes[0]/C images of each class (C = number of
// classes), shard 1 the next (sizes[1]-sizes[0])/C of each class, and so on,
// so loading shards 0..k gives a balanced set of sizes[k] images. Within a
// shard images keep file order. With a non-nil seed, each class's images are
// taken in a seeded random order instead of file order.
//
// Concat(shards[:k+1]...) is, image for image and in the same order, the
// training set the page loads for size sizes[k]; native training that must
// match the page should build its set that way (Balanced gives the same
// images, but in file order).
//
// sizes must be positive, strictly increasing multiples of C. A class that
// runs out gives what it has; the notes say so.
func Shards(s *Set, sizes []int, seed *uint64) ([]*Set, []string, error) {
	c := len(s.Classes)
	if c == 0 {
		return nil, nil, fmt.Errorf("subset: Shards: set has no class names")
	}
	if len(sizes) == 0 {
		return nil, nil, fmt.Errorf("subset: Shards: no sizes given")
	}
	perClass := make([]int, len(sizes))
	prev := 0
	for i, n := range sizes {
		if n <= prev || n%c != 0 {
			return nil, nil, fmt.Errorf("subset: Shards: sizes %v: each must be a multiple of %d classes and larger than the one before", sizes, c)
		}
		perClass[i] = (n - prev) / c
		prev = n
	}
	sets, notes := selectShards(s, perClass, seed)
	return sets, notes, nil
}

// selectShards takes perClass[k] images of each class for shard k, in turn,
// from each class's queue (file order, or a seeded permutation of it).
// perClass[k] <= 0 means "everything left".
func selectShards(s *Set, perClass []int, seed *uint64) ([]*Set, []string) {
	nc := max(len(s.Classes), NumClasses)
	queues := make([][]int, nc)
	for i, l := range s.Labels {
		if int(l) < nc {
			queues[l] = append(queues[l], i)
		}
	}
	if seed != nil {
		rng := rand.New(rand.NewPCG(*seed, 0x9e3779b97f4a7c15))
		for _, q := range queues {
			rng.Shuffle(len(q), func(i, j int) { q[i], q[j] = q[j], q[i] })
		}
	}
	var notes []string
	out := make([]*Set, len(perClass))
	for k, want := range perClass {
		var idx []int
		for class, q := range queues {
			take := want
			if want <= 0 {
				take = len(q)
			}
			if take > len(q) {
				if class < len(s.Classes) {
					notes = append(notes, shortNote(s.Classes[class], class, k, len(perClass), len(q), take))
				}
				take = len(q)
			}
			idx = append(idx, q[:take]...)
			queues[class] = q[take:]
		}
		slices.Sort(idx) // file order within the shard
		out[k] = s.pick(idx)
	}
	return out, notes
}

func shortNote(name string, class, shard, shards, have, want int) string {
	where := ""
	if shards > 1 {
		where = fmt.Sprintf(" for shard %d", shard+1)
	}
	return fmt.Sprintf("class %d (%s): asked for %d images%s, only %d available; took %d", class, name, want, where, have, have)
}
