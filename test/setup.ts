// Runs before every test file. Keeps test runs hermetic: no real Intacct profile file or
// environment credentials leak into a test unless the test sets them itself.
for (const key of Object.keys(process.env)) {
  if (key.startsWith("INTACCT_") || key.startsWith("BILL_")) delete process.env[key];
}
