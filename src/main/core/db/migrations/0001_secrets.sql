CREATE TABLE `secrets` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`ciphertext` blob NOT NULL,
	`cipher` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
