-- Apicurio Registry keeps its schemas in their own database, next to the platform's.
CREATE DATABASE registry OWNER rostering;
