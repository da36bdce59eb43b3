dist_man_MANS += docs/parkwatch.1
dist_doc_DATA += docs/operator-guide.md
dist_doc_DATA += docs/architecture.md docs/mqtt.md docs/parkwatch.conf.example
dist_doc_DATA += docs/systemd/parkwatch-record.service
dist_doc_DATA += docs/mosquitto/parkwatch.conf
