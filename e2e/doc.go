// Package e2e holds the browser tests: they build the page with build.sh,
// serve it with the project's own static server on 127.0.0.1:0, and drive
// the real page in headless Chromium (chromedp) on the real CIFAR subset.
//
// Chromium is found at /usr/bin/chromium (or CHROMIUM / PATH); when it is
// missing the tests try `apt-get install -y chromium` and skip, saying so,
// only when that fails. Set HYPERSPHERE_E2E_NOBUILD=1 to reuse an existing
// web/ (for instance right after ./build.sh). Screenshots go to
// test-output/ at the repository root (git-ignored).
package e2e
