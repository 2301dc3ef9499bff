package web

import "strconv"

func editPath(id int64) string { return "/admin/events/" + strconv.FormatInt(id, 10) + "/edit" }
