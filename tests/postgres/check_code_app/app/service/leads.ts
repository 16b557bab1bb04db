// Lead queries for the web service (named parameters, PostgreSQL casts).
import { db } from './db';

export function leadsInCity(city: string, phone: string) {
  return db.query(`SELECT id, name FROM leads
    WHERE city = :city AND (phone = :phone OR city::text = :city)`, { city, phone });
}

export function hotLeads() {
  return db.query("SELECT id, url, priority_score FROM hot_leads WHERE priority_score >= $1", [7]);
}
