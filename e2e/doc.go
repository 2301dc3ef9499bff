// Package e2e holds the browser tests: the real server on a real PostgreSQL,
// driven through headless Chromium with chromedp, checking what a reader sees
// and does (the timeline, the card, keyboard use, phones, no JavaScript,
// accessibility with axe-core). It has no code outside its tests.
package e2e
