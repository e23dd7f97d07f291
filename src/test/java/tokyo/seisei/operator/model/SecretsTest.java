package tokyo.seisei.operator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void secretNamesAreMaskedAndOthersKept() {
        assertEquals("POSTGRES_PASSWORD=****", Secrets.maskAssignment("POSTGRES_PASSWORD=hunter2"));
        assertEquals("api_token=****", Secrets.maskAssignment("api_token=abc=def"));
        assertEquals("AWS_SECRET_ACCESS_KEY=****", Secrets.maskAssignment("AWS_SECRET_ACCESS_KEY=x"));
        assertEquals("DB_HOST=db", Secrets.maskAssignment("DB_HOST=db"));
        assertEquals("LANG=C", Secrets.maskAssignment("LANG=C"));
        assertEquals("PATH=/usr/bin", Secrets.maskAssignment("PATH=/usr/bin"));
        assertEquals("SSH_KEY=****", Secrets.maskAssignment("SSH_KEY=x"));
        assertEquals("NO_VALUE", Secrets.maskAssignment("NO_VALUE"));
    }

    @Test
    void aNameThatContainsOneOfTheWordsAnywhereInAnyCaseIsASecretName() {
        for (String name : java.util.List.of("GPG_PASSPHRASE", "DBPASS", "PGPASS", "AWS_ACCESSKEY", "OAUTHTOKEN",
                "apikey", "MyPrivateThing", "tls.cert.file", "X_CREDENTIALS", "AUTH", "DB_PWD", "clientSecret")) {
            assertEquals(name + "=****", Secrets.maskAssignment(name + "=value"), name);
        }
        // the documented rule is wide: these are secret names too
        assertEquals("MONKEY=****", Secrets.maskAssignment("MONKEY=banana"));
        assertEquals("AUTHOR=****", Secrets.maskAssignment("AUTHOR=me"));
    }

    @Test
    void theWordsOfAFlagUnderASecretLikeNameAreNotMaskedInMessages() {
        assertEquals("auth is true, password ****", Secrets.redact("auth is true, password hunter22",
                java.util.List.of("true", "TRUE", "hunter22")));
    }

    @Test
    void aSecretThatHoldsAnotherIsMaskedWhole() {
        assertEquals("image a/b:**** x", Secrets.redact("image a/b:s3cr3t-longer-part x", java.util.List.of("s3cr", "s3cr3t-longer-part")));
        assertEquals("**** and ****", Secrets.redact("s3cr and s3cr3t-longer-part", new java.util.LinkedHashSet<>(
                java.util.List.of("s3cr", "s3cr3t-longer-part"))));
    }

    @Test
    void aQuoteIsMaskedBeforeItIsCutAndEscapedAfter() {
        assertEquals("xxxxxxxx****...", Secrets.quoted("xxxxxxxxhunter2-value and more", java.util.Set.of("hunter2-value"), 12));
        assertEquals("a \\n ****", Secrets.quoted("a \n pass\tword", java.util.Set.of("pass\tword"), 200));
    }
}
