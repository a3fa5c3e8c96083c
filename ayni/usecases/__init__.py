"""What the pages and the command line both do (upload a file, retry it, read its
status; accounts, companies, the demo), under the same role rules."""
