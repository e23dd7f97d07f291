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
}
