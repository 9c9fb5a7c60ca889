package org.profid365.migrator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataverseErrorTest {

    @Test
    void code_and_message_are_decoded_from_the_error_body() {
        DataverseError e = DataverseError.fromResponse(412,
                "{\"error\":{\"code\":\"0x80040237\",\"message\":\"A record with matching key values already exists.\"}}",
                "req-1");

        assertThat(e.status()).isEqualTo(412);
        assertThat(e.code()).isEqualTo(DataverseError.DUPLICATE);
        assertThat(e.message()).startsWith("A record with matching key");
        assertThat(e.retryable()).isFalse();
        assertThat(e.requestId()).isEqualTo("req-1");
        assertThat(e.toString()).contains("0x80040237", "HTTP 412", "req-1");
    }

    @Test
    void an_empty_or_zero_code_falls_back_to_the_status() {
        DataverseError zero = DataverseError.fromResponse(400,
                "{\"error\":{\"code\":\"0x0\",\"message\":\"Could not find a property named 'x'.\"}}", null);
        DataverseError empty = DataverseError.fromResponse(400, "{\"error\":{\"code\":\"\",\"message\":\"Bad\"}}", null);

        assertThat(zero.codeOrStatus()).isEqualTo("HTTP 400");
        assertThat(empty.codeOrStatus()).isEqualTo("HTTP 400");
        assertThat(zero.message()).contains("Could not find a property");
    }

    @Test
    void only_throttling_and_server_busy_are_retryable() {
        assertThat(DataverseError.fromResponse(429, "{\"error\":{\"code\":\"0x80072322\",\"message\":\"x\"}}", null)
                .retryable()).isTrue();
        assertThat(DataverseError.fromResponse(503, "", null).retryable()).isTrue();
        assertThat(DataverseError.fromResponse(500, "", null).retryable()).isFalse();
        assertThat(DataverseError.fromResponse(400, "", null).retryable()).isFalse();
        assertThat(DataverseError.fromResponse(404, "", null).retryable()).isFalse();
    }

    @Test
    void only_a_429_for_too_many_at_once_asks_for_fewer_requests_in_flight() {
        assertThat(DataverseError.meansTooManyAtOnce(429, "0x80072326")).as("concurrency").isTrue();
        assertThat(DataverseError.meansTooManyAtOnce(429, "")).as("no code").isTrue();
        assertThat(DataverseError.meansTooManyAtOnce(429, "0x80072322")).as("requests per window").isFalse();
        assertThat(DataverseError.meansTooManyAtOnce(429, "0x80072321")).as("execution time per window").isFalse();
        assertThat(DataverseError.meansTooManyAtOnce(503, "0x80040216")).isFalse();
    }

    @Test
    void a_body_that_is_not_json_becomes_the_message() {
        DataverseError e = DataverseError.fromResponse(502, "<html>Bad Gateway</html>", null);

        assertThat(e.message()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(e.code()).isEmpty();
    }

    @Test
    void the_refused_column_is_read_from_the_messages_that_name_one() {
        assertThat(error("A validation error occurred.  The length of the 'address1_city' attribute of the 'contact' "
                + "entity exceeded the maximum allowed length of '80'.").refusedColumn()).isEqualTo("address1_city");
        assertThat(error("A validation error occurred. The value 9 of 'profi_lifecyclestage' on record of type 'contact' "
                + "is outside the valid range. Accepted Values: 1,2").refusedColumn()).isEqualTo("profi_lifecyclestage");
        assertThat(error("An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid "
                + "property 'fax2' was found in entity 'Microsoft.Dynamics.CRM.contact'.").refusedColumn()).isEqualTo("fax2");
        assertThat(error("Microsoft.OData.ODataException: An unexpected 'StartArray' node was found for property named "
                + "'telephone1' when reading from the JSON reader.").refusedColumn()).isEqualTo("telephone1");
        assertThat(error("Microsoft.OData.ODataException: Cannot convert the literal 'x' to the expected type 'Edm.Int32'.")
                .refusedColumn()).isNull();
    }

    private static DataverseError error(String message) {
        return new DataverseError(400, "0x80044331", message, false, null);
    }
}
