CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` text NOT NULL,
	`status` text NOT NULL,
	`attempt` integer DEFAULT 1 NOT NULL,
	`trigger` text NOT NULL,
	`queued_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`started_at` text,
	`finished_at` text,
	`duration_ms` real,
	`progress` real,
	`error` text,
	`result` text,
	`artifacts` text DEFAULT '[]' NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `job_runs_job_queued` ON `job_runs` (`job_id`,`queued_at`);--> statement-breakpoint
CREATE INDEX `job_runs_status` ON `job_runs` (`status`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`module` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`handler` text NOT NULL,
	`schedule` text,
	`schedule_override` text,
	`enabled` integer DEFAULT true NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`timeout_ms` integer DEFAULT 300000 NOT NULL,
	`retries` integer DEFAULT 0 NOT NULL,
	`config` text DEFAULT '{}' NOT NULL,
	`last_run_at` text,
	`last_status` text,
	`next_run_at` text
);
--> statement-breakpoint
CREATE INDEX `jobs_module` ON `jobs` (`module`);--> statement-breakpoint
CREATE TABLE `logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`level` text NOT NULL,
	`module` text NOT NULL,
	`message` text NOT NULL,
	`details` text,
	`job_run_id` integer
);
--> statement-breakpoint
CREATE INDEX `logs_module_id` ON `logs` (`module`,`id`);--> statement-breakpoint
CREATE INDEX `logs_job_run` ON `logs` (`job_run_id`);--> statement-breakpoint
CREATE TABLE `module_migrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`module` text NOT NULL,
	`filename` text NOT NULL,
	`checksum` text NOT NULL,
	`applied_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`success` integer NOT NULL,
	`error` text,
	`execution_ms` real DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `module_migrations_module_file` ON `module_migrations` (`module`,`filename`);--> statement-breakpoint
CREATE TABLE `modules` (
	`name` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`display_name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`author` text,
	`source` text NOT NULL,
	`state` text NOT NULL,
	`path` text NOT NULL,
	`sha256` text,
	`manifest` text NOT NULL,
	`permissions` text DEFAULT '[]' NOT NULL,
	`error` text,
	`installed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
