dist_man_MANS += docs/parkwatch.1
dist_doc_DATA += docs/operator-guide.md
dist_doc_DATA += docs/architecture.md docs/mqtt.md docs/parkwatch.conf.example
dist_doc_DATA += docs/systemd/parkwatch-record.service
dist_doc_DATA += docs/mosquitto/parkwatch.conf
dist_doc_DATA += docs/import.md
examplesdir = $(docdir)/examples
dist_examples_DATA = docs/examples/enterprises.csv docs/examples/sensors.csv \
	docs/examples/chemicals.csv docs/examples/certificates.csv docs/examples/teams.csv \
	docs/examples/members.csv docs/examples/equipment.csv docs/examples/inspections.csv
dist_doc_DATA += docs/performance.md docs/risk-model.md
