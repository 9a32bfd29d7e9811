-- Every greeting the module has given, so the job has something to count.
CREATE TABLE hello_world__greetings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX hello_world__greetings_created ON hello_world__greetings (created_at);
