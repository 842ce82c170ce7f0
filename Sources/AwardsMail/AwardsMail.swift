// Mail rendering and delivery live here (SMTP through libcurl, or a folder of .eml files).
