-- The meters to read, with NxForge's field names, and the default price of each client.
-- Times are epoch milliseconds (UTC). Secrets never live here: auth_config holds only what is
-- not secret (selectors, login URL, username); passwords go through ctx.secrets.
CREATE TABLE consumption_monitor__endpoints (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  ip_address TEXT NOT NULL,
  type TEXT NOT NULL DEFAULT 'PowerMeter' CHECK (type IN ('PDU', 'PowerMeter', 'SmartPlug', 'Custom')),
  vendor TEXT,
  location TEXT,
  client_name TEXT,
  auth_type TEXT NOT NULL DEFAULT 'none' CHECK (auth_type IN ('none', 'basic', 'form')),
  auth_config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(auth_config)),
  scraping_config TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(scraping_config)),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  poll_interval INTEGER NOT NULL DEFAULT 15 CHECK (poll_interval >= 1),
  price_per_kwh REAL CHECK (price_per_kwh IS NULL OR price_per_kwh >= 0),
  last_read_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX consumption_monitor__endpoints_client ON consumption_monitor__endpoints (client_name);

-- Used for an endpoint whose own price_per_kwh is NULL.
CREATE TABLE consumption_monitor__client_prices (
  client_name TEXT PRIMARY KEY,
  price_per_kwh REAL NOT NULL CHECK (price_per_kwh >= 0),
  updated_at INTEGER NOT NULL
);
