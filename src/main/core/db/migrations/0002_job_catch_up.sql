ALTER TABLE `jobs` ADD `last_scheduled_at` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `created_at` text;