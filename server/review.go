package server

import (
	"timeline/models"
	"timeline/web"
)

// reviewRoutes are the review workspace: the queue of drafts, the review
// screen of one, and the edit and decision POSTs.
func reviewRoutes(cu *curation, h *web.Handler) {
	cu.GET("/admin/review", models.RoleEditor, h.ReviewQueue)
	cu.GET("/admin/review/:id", models.RoleEditor, h.Review)
	cu.POST("/admin/events/:id", models.RoleEditor, h.SaveEvent)
	cu.POST("/admin/events/:id/status", models.RoleEditor, h.SetEventStatus)
	cu.POST("/admin/events/:id/merge", models.RoleEditor, h.MergeEvent)
	cu.POST("/admin/events/:id/undo", models.RoleEditor, h.UndoDecision)
	cu.POST("/admin/events/:id/distinct", models.RoleEditor, h.NotDuplicate)
	cu.POST("/admin/review/bulk", models.RoleEditor, h.BulkDecide)
}
