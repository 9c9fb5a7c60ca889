package org.profid365.migrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small hand-made Profi exports for tests: every line is visible in the test that uses it. */
public final class ExportFixture {

    private final Path dir;

    public ExportFixture(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        manifest("Europe/Berlin");
    }

    public ExportFixture manifest(String timezone) throws IOException {
        Files.writeString(dir.resolve("manifest.json"), """
                {"workspace_id":"ws-1","workspace_name":"Coaching Test","workspace_type":"team",
                 "exported_at":"2026-03-01T10:00:00Z","timezone":"%s","format_version":1}
                """.formatted(timezone), StandardCharsets.UTF_8);
        return this;
    }

    /** Writes a CSV file from lines (header first), joined with CRLF as RFC 4180 has it. */
    public ExportFixture file(String name, String... lines) throws IOException {
        Files.writeString(dir.resolve(name), String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        return this;
    }

    public ExportFixture attachment(String path, byte[] bytes) throws IOException {
        Path p = dir.resolve("files").resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
        return this;
    }

    public Path dir() {
        return dir;
    }

    /** A small, clean export covering every file, used as the base that tests add bad rows to. */
    public static ExportFixture clean(Path dir) throws IOException {
        return new ExportFixture(dir)
                .file("coaches.csv", "id,email,first_name,last_name,role,title,specialty,credentials,bio,phone,active,created_at",
                        "CO-1,anna@coach.example,Anna,Berg,admin,Lead Coach,Leadership,ICF PCC,Bio,+49 30 1,true,2024-01-01T09:00:00Z")
                .file("companies.csv", "id,name,company_type,industry,employee_count,annual_revenue,currency,website,phone,email,"
                                + "street,city,state,postal_code,country,owner_email,created_at,updated_at",
                        "CP-1,Acme GmbH,corporate_client,Software,120,1500000.50,EUR,https://acme.example,+49 30 2,info@acme.example,"
                                + "Hauptstr. 1,Berlin,,10115,DE,anna@coach.example,2024-01-02T09:00:00Z,2024-02-01T09:00:00Z")
                .file("clients.csv", "id,first_name,last_name,email,phone,mobile,birthdate,gender,street,city,state,postal_code,country,"
                                + "company_id,lifecycle_stage,owner_email,co_coach_emails,source,tags,created_at,updated_at,cf_goal,cf_score",
                        "CL-1,Maria,O'Brien,maria@example.com,,+49 171 1,1985-04-12,female,,Berlin,,,DE,CP-1,active,"
                                + "anna@coach.example,,referral,vip;team,2024-01-03T09:00:00Z,2024-03-01T09:00:00,Lead better,7.5",
                        "CL-2,Иван,Петров,ivan@example.com,,,,male,,,,,,,prospect,anna@coach.example,,website,,"
                                + "2024-01-04T09:00:00Z,2024-01-04T09:00:00Z,,")
                .file("services.csv", "id,name,type,duration_minutes,price,currency,active",
                        "SV-1,1:1 Coaching,individual,60,150.00,EUR,true")
                .file("programs.csv", "id,name,description,module_count,active", "PR-1,Leadership Track,Eight modules,8,true")
                .file("packages.csv", "id,client_id,service_id,name,sessions_included,sessions_used,price,currency,purchased_at,"
                                + "expires_at,status,updated_at",
                        "PK-1,CL-1,SV-1,Ten Pack,10,2,1200.00,EUR,2024-01-05T09:00:00Z,2025-01-05T09:00:00Z,active,2024-02-01T09:00:00Z")
                .file("sessions.csv", "id,client_id,coach_email,service_id,package_id,title,session_type,medium,start_at,end_at,"
                                + "duration_minutes,status,recording_url,created_at,updated_at,cf_mood",
                        "SE-1,CL-1,anna@coach.example,SV-1,,Kick-off,individual,video,2024-01-10T10:00:00Z,2024-01-10T11:00:00Z,60,"
                                + "completed,https://video.example/r/1,2024-01-06T09:00:00Z,2024-01-10T11:00:00Z,good")
                .file("session_participants.csv", "session_id,client_id,attendance", "SE-1,CL-2,attended")
                .file("enrollments.csv", "id,client_id,program_id,enrolled_at,status,progress_percent,completed_at,updated_at",
                        "EN-1,CL-1,PR-1,2024-01-07T09:00:00Z,active,37.5,,2024-02-07T09:00:00Z")
                .file("invoices.csv", "id,client_id,number,issued_at,due_at,status,total,currency,updated_at",
                        "IN-1,CL-1,2024-0001,2024-01-08T09:00:00Z,2024-01-22T09:00:00Z,paid,1200.00,EUR,2024-01-09T09:00:00Z")
                .file("payments.csv", "id,invoice_id,client_id,amount,currency,paid_at,method,status,provider_ref,updated_at",
                        "PA-1,IN-1,CL-1,1200.00,EUR,2024-01-09T09:00:00Z,card,succeeded,ch_1,2024-01-09T09:00:00Z")
                .file("notes.csv", "id,client_id,session_id,author_email,title,body,is_private,created_at,updated_at",
                        "NO-1,CL-1,SE-1,anna@coach.example,After kick-off,\"<p>Goals, \"\"quoted\"\"\r\nsecond line</p>\",false,"
                                + "2024-01-10T12:00:00Z,2024-01-10T12:00:00Z")
                .file("files.csv", "id,client_id,note_id,filename,mime_type,size_bytes,path,url,created_at",
                        "FI-1,CL-1,NO-1,plan.txt,text/plain,5,plan.txt,,2024-01-10T12:05:00Z")
                .attachment("plan.txt", "hello".getBytes(StandardCharsets.UTF_8))
                .file("custom_fields.csv", "entity,key,label,type,options",
                        "client,goal,Goal,text,", "client,score,Score,decimal,", "session,mood,Mood,single_select,good;bad");
    }
}
