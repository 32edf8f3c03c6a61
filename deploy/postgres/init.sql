-- One database per service (compose.yaml mounts this into the postgres image).
CREATE DATABASE feira_identity;
CREATE DATABASE feira_orders;
CREATE DATABASE feira_notifications;
