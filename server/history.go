package server

import (
	"timeline/models"
	"timeline/web"
)

// historyRoutes are an event's history (revisions, differences, restore).
func historyRoutes(cu *curation, h *web.Handler) {
	cu.GET("/admin/events/:id/history", models.RoleEditor, h.History)
	cu.POST("/admin/events/:id/restore", models.RoleEditor, h.RestoreEvent)
}
