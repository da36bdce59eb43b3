dist_man_MANS += docs/parkwatch.1
dist_doc_DATA += docs/operator-guide.md
