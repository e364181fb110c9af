// The archetype plugin does not keep file modes: make the Maven Wrapper runnable again.
def project = new File(request.outputDirectory, request.artifactId)
new File(project, 'mvnw').setExecutable(true, false)
// The example host's description is only for plugins of the example host.
if (request.properties['hostDescription'] != 'augment-host.json') {
  new File(project, 'augment-host.json').delete()
}
