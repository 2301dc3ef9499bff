// Package dates finds time expressions in English news text and normalises
// them to inclusive ranges of whole days against a reference date (the
// article's publication). Find reads running text; Parse reads one phrase.
//
// Time expressions are read by a small recursive-descent parser over tokens
// (lex.go, words.go, grammar.go), not by regular expressions: one pass over the text, a
// bounded look-ahead at each word that can start a date, and no
// backtracking, so running text of any size is read in linear time.
//
// Conventions (see ../shared/eval/README.md): ranges are inclusive whole
// days; weeks run Monday to Sunday; "early/mid/late July" are days 1-10,
// 11-20 and 21-31, "the beginning/end of July" 1-10 and 21-31; "this month"
// and "this week" in news (PreferPast) run up to the reference day. Where
// news and calendar conventions differ (seasons, "two years ago"), the
// preferred direction chooses: PreferPast reads like a news editor,
// PreferFuture like a scheduling assistant (Duckling).
package dates
