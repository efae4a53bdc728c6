package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseFormatTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | JSON",
        "*/* | JSON",
        "application/json | JSON",
        "text/html | HTML",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | HTML",
        "application/json, text/html;q=0.5 | JSON",
        "text/html;q=0.4, application/json;q=0.9 | JSON",
        "text/html, application/json | JSON",
        "application/problem+json | JSON",
    })
    void picksTheFormatTheClientPrefers(String accept, ResponseFormat expected) {
        assertThat(ResponseFormat.fromAccept(accept)).isEqualTo(expected);
    }
}
