package server

import (
	"timeline/models"
	"timeline/web"
)

// historyRoutes are an event's edit page with its soft lock, and its
// history (revisions, differences, restore). The edit page's form posts to
// POST /admin/events/{id} (see review.go).
func historyRoutes(cu *curation, h *web.Handler) {
	cu.GET("/admin/events/:id/edit", models.RoleEditor, h.EditEvent)
	cu.POST("/admin/events/:id/heartbeat", models.RoleEditor, h.Heartbeat)
	cu.GET("/admin/events/:id/history", models.RoleEditor, h.History)
	cu.POST("/admin/events/:id/restore", models.RoleEditor, h.RestoreEvent)
}
