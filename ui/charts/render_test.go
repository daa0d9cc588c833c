package charts

import (
	"bytes"
	"testing"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/staticrender"
)

// renderHTML builds comp with vugu's static renderer and returns the HTML.
func renderHTML(t *testing.T, comp vugu.Builder) string {
	t.Helper()
	var buf bytes.Buffer
	r := staticrender.New(&buf)
	env, err := vugu.NewBuildEnv(r.EventEnv())
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Render(env.RunBuild(comp)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}
