// Package reports builds the weekly reports from the bot database.
package reports

import "database/sql"

func Published(db *sql.DB, status string) (*sql.Rows, error) {
	return db.Query(`SELECT title, published_at FROM content_plan
		WHERE status = $1`, status)
}

func Drafts(db *sql.DB) (*sql.Rows, error) {
	return db.Query(`UPDATE content_plan SET status = 'draft' WHERE publish_date IS NULL AND id = $1`, 1)
}
